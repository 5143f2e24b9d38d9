import { createServer } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Issuer, TokenSet, type Client } from 'openid-client';
import { FixedClock } from '../../src/domain/clock';
import {
  assertion,
  buildPki,
  challenge,
  enrol,
  post,
  startServer,
  type TestPki,
  type TestServer,
} from '../helpers/fixture';

/** Real time here: openid-client checks exp and iat against its own clock. */
const realNow = () => new Date(Math.floor(Date.now() / 1000) * 1000);

let pki: TestPki;
let server: TestServer;
let base: string;
beforeAll(async () => {
  pki = await buildPki(new Date(realNow().getTime() - 3_600_000));
  // The issuer must be the URL services discover, so the port is chosen before the server starts.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startServer(pki, { issuer: base }, { clock: new FixedClock(realNow()) });
  await server.app.listen({ host: '127.0.0.1', port });
}, 60_000);
afterAll(async () => {
  await server.close();
  pki.cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function idTokenFor(serviceId: string): Promise<string> {
  const device = await enrol(server);
  const c = await challenge(server, device, serviceId);
  const res = await post(server, device, '/v1/assertions', assertion(pki.profile('valid'), c));
  return res.json().tokens.idToken;
}

const tamper = (jwt: string) => {
  const [h, p, s] = jwt.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
  payload.sub = 'someone-else';
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
};

describe('OpenID provider surface, checked by unmodified clients over HTTP', () => {
  let client: Client;
  /** The ID token checks openid-client runs on every callback; public since v2, though absent from its typings. */
  const validate = (idToken: string) =>
    (
      client as unknown as {
        validateIdToken(t: TokenSet, nonce: undefined, returnedBy: 'token'): Promise<TokenSet>;
      }
    ).validateIdToken(new TokenSet({ id_token: idToken }), undefined, 'token');
  beforeAll(async () => {
    const issuer = await Issuer.discover(base);
    client = new issuer.Client({
      client_id: 'gyosei',
      id_token_signed_response_alg: 'ES256',
      response_types: ['id_token'],
    });
  });

  it('openid-client accepts an issued ID token', async () => {
    const token = await idTokenFor('gyosei');
    const validated = await validate(token);
    expect(validated.claims()).toMatchObject({
      aud: 'gyosei',
      acr: 'auth',
      iss: base,
      auth_time: expect.any(Number),
    });
  });

  it('openid-client rejects it tampered, for another audience, and expired', async () => {
    const token = await idTokenFor('gyosei');
    await expect(validate(tamper(token))).rejects.toThrow(/signature/);
    await expect(validate(await idTokenFor('bosai'))).rejects.toThrow(/aud/);
    server.clock.set(new Date(realNow().getTime() - 700_000)); // ttl 600 s: expired 100 s ago
    const expired = await idTokenFor('gyosei');
    server.clock.set(realNow());
    await expect(validate(expired)).rejects.toThrow(/expired/);
  });

  it('jose createRemoteJWKSet from discovery accepts, then rejects tampering, wrong audience and expiry', async () => {
    const discovery = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as {
      jwks_uri: string;
    };
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const token = await idTokenFor('gyosei');
    const ok = await jwtVerify(token, jwks, { issuer: base, audience: 'gyosei', algorithms: ['ES256'] });
    expect(ok.payload.acr).toBe('auth');
    await expect(jwtVerify(tamper(token), jwks, { issuer: base, audience: 'gyosei' })).rejects.toThrow();
    await expect(jwtVerify(token, jwks, { issuer: base, audience: 'bosai' })).rejects.toThrow(/aud/);
    await expect(
      jwtVerify(token, jwks, {
        issuer: base,
        audience: 'gyosei',
        currentDate: new Date(Date.now() + 601_000),
      }),
    ).rejects.toThrow(/exp/);
  });
});
