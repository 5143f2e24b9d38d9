import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../src/domain/clock';
import { TokenKeys } from '../../src/tokens/token-keys';

const DAY = 86_400_000;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('token signing keys', () => {
  it('rotates on schedule, publishes a new key before it signs, keeps the old one until its tokens expire', async () => {
    const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
    const keys = await TokenKeys.open(dir, clock, {
      rotationMs: 30 * DAY,
      tokenTtlMs: 600_000,
      activationMs: 600_000,
    });
    const first = keys.signingKey().kid;
    expect(statSync(path.join(dir, `${first}.json`)).mode & 0o777).toBe(0o600);
    expect(keys.jwks().keys).toEqual([
      expect.objectContaining({ kid: first, kty: 'EC', crv: 'P-256', alg: 'ES256' }),
    ]);
    expect(keys.jwks().keys[0]).not.toHaveProperty('d');

    clock.advance(30 * DAY);
    await keys.rotateIfDue();
    expect(keys.jwks().keys).toHaveLength(2);
    expect(keys.signingKey().kid).toBe(first); // the new key is published, not yet signing
    clock.advance(600_000);
    const second = keys.signingKey().kid;
    expect(second).not.toBe(first);
    await keys.rotateIfDue();
    expect(keys.jwks().keys).toHaveLength(2); // tokens signed by the first key may still be alive
    clock.advance(600_001);
    await keys.rotateIfDue();
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([second]);
    expect(readdirSync(dir)).toEqual([`${second}.json`]);
  });
});
