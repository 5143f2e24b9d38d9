import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { simLayout } from '@madoguchi/jpki-card';
import { ERROR_CODES, isMadoguchiError } from '@madoguchi/protocol';
import { parseCrl } from '../../src/verify/parse-crl';
import { parseCertificate } from '../../src/verify/parse-certificate';
import {
  assertion,
  buildPki,
  challenge,
  enrol,
  post,
  startServer,
  type TestDevice,
  type TestPki,
  type TestServer,
} from '../helpers/fixture';

// Property runs are many requests each: give them room on a loaded 2-core machine.
jest.setTimeout(60_000);

let pki: TestPki;
let server: TestServer;
let device: TestDevice;
beforeAll(async () => {
  pki = await buildPki();
  server = await startServer(pki);
  device = await enrol(server);
}, 60_000);
afterAll(async () => {
  await server.close();
  pki.cleanup();
});

/** A refusal as every route must give one: a 4xx with a known code and nothing else. */
function expectCoded4xx(res: { statusCode: number; json(): unknown; body: string }) {
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  const body = res.json() as { code: string; message: string };
  expect(ERROR_CODES).toContain(body.code);
  expect(res.body).not.toMatch(/at .+\.(ts|js):\d+/);
}

const jsonish = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
  fc.record({ serviceId: fc.string(), purpose: fc.string() }).map((v) => JSON.stringify(v)),
  fc
    .record({
      challengeId: fc.string({ maxLength: 70 }),
      keyKind: fc.constantFrom('auth', 'sign', 'x'),
      certificate: fc.base64String().map((s) => s.replace(/[+/=]/g, 'A')),
      signature: fc.base64String().map((s) => s.replace(/[+/=]/g, 'A')),
    })
    .map((v) => JSON.stringify(v)),
);

describe('fuzzing every route body', () => {
  it.each(['/v1/challenges', '/v1/assertions'])(
    '%s answers any device-signed body with a coded 4xx (or success)',
    async (url) => {
      await fc.assert(
        fc.asyncProperty(jsonish, async (body) => {
          const res = await post(server, device, url, body);
          if (res.statusCode !== 201) expectCoded4xx(res);
        }),
        { numRuns: 150 },
      );
    },
  );

  it('answers any operator audit query string with a coded 4xx or records', async () => {
    const authorization = `Bearer ${server.deps.secrets.operatorToken}`;
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('since', 'until', 'outcome', 'code', 'limit', 'afterId', 'x'),
          fc.string(),
        ),
        async (q) => {
          const res = await server.app.inject({
            url: '/v1/admin/audit',
            query: q,
            headers: { authorization },
          });
          if (res.statusCode !== 200) expectCoded4xx(res);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses mutated card certificates with a coded 4xx', async () => {
    const card = pki.profile('valid');
    const der = Buffer.from(card.jpki.authCert, 'base64');
    await fc.assert(
      fc.asyncProperty(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const c = await challenge(server, device);
        const mutated = Buffer.from(der);
        mutated[at]! ^= xor;
        const body = { ...assertion(card, c), certificate: mutated.toString('base64url') };
        expectCoded4xx(await post(server, device, '/v1/assertions', body));
      }),
      { numRuns: 60 },
    );
  });
});

describe('fuzzing certificate and CRL parsing', () => {
  const crlDer = () => readFileSync(path.join(simLayout(pki.dir).ca, 'auth', 'g1', 'crl.der'));

  it('parseCertificate either parses or throws CERT_MALFORMED', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          parseCertificate(Buffer.from(bytes));
        } catch (error) {
          expect(isMadoguchiError(error, 'CERT_MALFORMED')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parseCrl refuses random and mutated CRLs with CRL_INVALID, never a pass', () => {
    const keys = server.deps.trust.auth.anchors.map((a) => a.publicKey);
    const der = crlDer();
    expect(() => parseCrl(der, keys)).not.toThrow();
    fc.assert(
      fc.property(
        fc.nat(der.length - 1),
        fc.integer({ min: 1, max: 255 }),
        fc.uint8Array({ maxLength: 300 }),
        (at, xor, junk) => {
          const mutated = Buffer.from(der);
          mutated[at]! ^= xor;
          for (const input of [mutated, Buffer.from(junk)]) {
            expect(() => parseCrl(input, keys)).toThrow(expect.objectContaining({ code: 'CRL_INVALID' }));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
