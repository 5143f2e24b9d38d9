import { toBeSigned, type ChallengeBinding } from '../../src/http/to-be-signed';
import { deviceSigningString } from '../../src/http/device-auth';
import { sha256DigestInfo } from '../../src/card/digest-info';
import { toHex } from '../../src/bytes';

const base: ChallengeBinding = {
  challengeId: 'c'.repeat(20),
  nonce: 'bm9uY2U',
  serviceId: 'city-hall',
  deviceId: 'box-00000001',
  purpose: 'login',
};

describe('toBeSigned', () => {
  it('is stable for the same challenge', () => {
    expect(toHex(toBeSigned(base))).toBe(toHex(toBeSigned({ ...base })));
  });
  it.each(['challengeId', 'nonce', 'serviceId', 'deviceId', 'purpose'] as const)(
    'changes when %s changes',
    (k) => {
      const other = { ...base, [k]: k === 'purpose' ? 'sign' : base[k] + 'x' };
      expect(toHex(toBeSigned(other))).not.toBe(toHex(toBeSigned(base)));
    },
  );
  it('cannot be confused by moving bytes between fields', () => {
    const a = toBeSigned({ ...base, serviceId: 'ab', deviceId: 'c-device-1' });
    const b = toBeSigned({ ...base, serviceId: 'a', deviceId: 'bc-device-1' });
    expect(toHex(a)).not.toBe(toHex(b));
  });
});

describe('sha256DigestInfo', () => {
  it('prefixes the SHA-256 algorithm identifier (RFC 8017)', () => {
    const di = sha256DigestInfo(new Uint8Array(0));
    expect(di.length).toBe(51);
    expect(toHex(di.subarray(19), '')).toBe(
      'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
    );
  });
});

describe('deviceSigningString', () => {
  it('joins the fields on newlines with an upper-case method', () => {
    expect(
      deviceSigningString({
        method: 'post',
        path: '/v1/challenges',
        deviceId: 'd',
        timestamp: 1,
        bodySha256: 'h',
      }),
    ).toBe('madoguchi-device-v1\nPOST\n/v1/challenges\nd\n1\nh');
  });
});
