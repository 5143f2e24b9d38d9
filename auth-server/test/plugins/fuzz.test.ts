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
  deviceHeaders,
  enrol,
  post,
  startServer,
  type TestDevice,
  type TestPki,
  type TestServer,
} from '../helpers/fixture';
import { linkRequest, SAMPLE_SERVICES, serviceAuth } from '../helpers/links';

// Property runs are many requests each: give them room on a loaded 2-core machine.
jest.setTimeout(60_000);

let pki: TestPki;
let server: TestServer;
let device: TestDevice;
beforeAll(async () => {
  pki = await buildPki();
  // The sample registrations: some services take facts and signed documents, so those routes get past their checks.
  server = await startServer(pki, { services: SAMPLE_SERVICES });
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

/** A base64url-alphabet string (what the schemas allow), possibly a valid one mutated. */
const b64url = fc.base64String().map((s) => s.replace(/[+/=]/g, 'A'));
const shaped = fc.oneof(
  jsonish,
  fc
    .record({
      challengeId: fc.string({ maxLength: 70 }),
      keyKind: fc.constantFrom('auth', 'sign'),
      certificate: b64url,
      signature: b64url,
      consent: fc.record({ facts: fc.array(fc.constantFrom('name', 'address', 'dateOfBirth', 'sex', 'x')) }),
      cardInfo: fc.option(
        fc.dictionary(fc.constantFrom('name', 'address', 'dateOfBirth', 'sex'), fc.string()),
      ),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({ serviceId: fc.constantFrom('gyosei', 'bosai', 'x'), accessToken: fc.string() })
    .map((v) => JSON.stringify(v)),
  fc.record({ cms: b64url }).map((v) => JSON.stringify(v)),
);
/** Path segments: random text (URL-encoded), ids that exist, and ones that almost do or break the URL itself. */
const segment = fc.oneof(
  fc.string().map((s) => encodeURIComponent(s) || 'x'),
  fc.constantFrom('gyosei', 'bosai', 'holder', '..', '%00', '%E0%A4%A', '%', 'A'.repeat(300)),
);

describe('fuzzing every route body', () => {
  it.each(['/v1/challenges', '/v1/assertions', '/v1/links', '/v1/logins/reuse'])(
    '%s answers any device-signed body with a coded 4xx (or success)',
    async (url) => {
      await fc.assert(
        fc.asyncProperty(shaped, async (body) => {
          const res = await post(server, device, url, body);
          if (res.statusCode !== 201) expectCoded4xx(res);
        }),
        { numRuns: 150 },
      );
    },
  );

  it('refuses a mutated link request (certificate, signatures, facts) with a coded 4xx', async () => {
    const card = pki.profile('valid');
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const c = await challenge(server, device, 'byoin', 'link');
        const body = Buffer.from(JSON.stringify(linkRequest(card, c, { consent: ['name', 'sex'] })));
        body[at % body.length]! ^= xor;
        const res = await post(server, device, '/v1/links', body.toString('utf8'));
        if (res.statusCode !== 200) expectCoded4xx(res);
      }),
      { numRuns: 60 },
    );
  });

  it('answers any body to the service routes (introspection, signed documents) with a coded 4xx', async () => {
    const authorization = await serviceAuth(server, 'gyosei');
    const form = fc.oneof(
      fc.string(),
      fc
        .dictionary(fc.constantFrom('token', 'token_type_hint', 'x'), fc.string())
        .map((d) => new URLSearchParams(d).toString()),
    );
    await fc.assert(
      fc.asyncProperty(form, shaped, async (formBody, jsonBody) => {
        const introspection = await server.app.inject({
          method: 'POST',
          url: '/v1/introspect',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
          payload: formBody,
        });
        // RFC 7662: a token that is no good is an answer (200, active false), not an error.
        if (introspection.statusCode !== 200) expectCoded4xx(introspection);
        else expect(introspection.json()).toMatchObject({ active: false });
        const verdict = await server.app.inject({
          method: 'POST',
          url: '/v1/signatures/verify',
          headers: { authorization, 'content-type': 'application/json' },
          payload: jsonBody,
        });
        expectCoded4xx(verdict);
      }),
      { numRuns: 100 },
    );
  });

  it('answers any path parameter of every route with a coded 4xx (or what exists)', async () => {
    const operator = { authorization: `Bearer ${server.deps.secrets.operatorToken}` };
    const service = { authorization: await serviceAuth(server, 'gyosei') };
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('suspend', 'reactivate', 'abolish'), async (p, action) => {
        const answers = await Promise.all([
          server.app.inject({ url: `/v1/services/${p}` }),
          server.app.inject({ url: `/v1/subjects/${p}/status`, headers: service }),
          server.app.inject({ url: `/v1/admin/holders/${p}`, headers: operator }),
          server.app.inject({ method: 'POST', url: `/v1/admin/holders/${p}/${action}`, headers: operator }),
          server.app.inject({ url: `/v1/admin/holders?serial=${p}`, headers: operator }),
          server.app.inject({
            method: 'DELETE',
            url: `/v1/holder/links/${p}`,
            headers: {
              authorization: 'Bearer x.y.z',
              ...deviceHeaders(device, 'DELETE', `/v1/holder/links/${p}`, '', server.clock.now()),
            },
          }),
        ]);
        for (const res of answers) if (res.statusCode !== 200) expectCoded4xx(res);
      }),
      { numRuns: 100 },
    );
  });

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
