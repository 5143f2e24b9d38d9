import type { IntrospectionResponse } from '@madoguchi/protocol';
import { authenticateResident, verifyIdTokenOf } from '../../src/domain/authenticate-resident';
import type { IdentityProvider, VerifiedToken } from '../../src/domain/identity-provider';

const NOW = new Date('2026-03-01T00:00:00Z');
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

function provider(claims: Partial<VerifiedToken>, state: IntrospectionResponse): IdentityProvider {
  const token: VerifiedToken = { sub: 's1', acr: 'auth', auth_time: seconds(NOW) - 60, ...claims };
  return {
    verifyAccessToken: async () => token,
    verifyIdToken: async () => token,
    introspect: jest.fn(async () => state),
    subjectStatus: async () => ({ sub: 's1', status: 'linked', code: null }),
    verifySignature: async () => {
      throw new Error('unused');
    },
  };
}

const policy = { acr: ['auth', 'sign'] as const, maxAuthAgeSeconds: 600 };
const active: IntrospectionResponse = { active: true, status: 'linked' };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { code: string }) => e.code,
  );

describe('authenticateResident', () => {
  it('accepts a fresh, active login and says who and when', async () => {
    await expect(authenticateResident('t', provider({}, active), policy, NOW)).resolves.toEqual({
      sub: 's1',
      acr: 'auth',
      authTime: new Date((seconds(NOW) - 60) * 1000),
    });
  });

  it('refuses by assurance and PIN age before asking the server, then with the server’s plain reason', async () => {
    const old = provider({ auth_time: seconds(NOW) - 601 }, active);
    expect(await codeOf(authenticateResident('t', old, policy, NOW))).toBe('FRESH_LOGIN_REQUIRED');
    expect(old.introspect).not.toHaveBeenCalled();
    expect(
      await codeOf(authenticateResident('t', provider({}, active), { ...policy, acr: ['sign'] }, NOW)),
    ).toBe('ASSURANCE_INSUFFICIENT');
    const refusals = await Promise.all(
      [
        { active: false, status: 'suspended', code: 'HOLDER_SUSPENDED' } as const,
        { active: false, status: 'unlinked', code: 'LINK_REQUIRED' } as const,
        { active: false } as const,
        { active: true, status: 'relink-required' } as const,
      ].map((state) => codeOf(authenticateResident('t', provider({}, state), policy, NOW))),
    );
    expect(refusals).toEqual(['HOLDER_SUSPENDED', 'LINK_REQUIRED', 'TOKEN_INVALID', 'LINK_REQUIRED']);
  });
});

describe('verifyIdTokenOf', () => {
  it('refuses an ID token about someone else', async () => {
    const p = provider({ sub: 'other' }, active);
    const me = { sub: 's1', acr: 'auth', authTime: NOW };
    expect(await codeOf(verifyIdTokenOf(me, 'id', p))).toBe('TOKEN_INVALID');
  });
});
