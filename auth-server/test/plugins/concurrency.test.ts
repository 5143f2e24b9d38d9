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
import { describePostgres, startPostgres, type TestPostgres } from '../helpers/postgres';
import { login } from '../helpers/links';
import { createDatabase } from '../helpers/stores';

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

/**
 * Submits one assertion 50 times at once, spread over the given servers; returns the status codes. A `link`
 * challenge goes step by step; a `login` one (the card linked before) is consumed with its session in one write.
 */
async function race(
  servers: TestServer[],
  purpose: 'link' | 'login',
): Promise<{ statuses: number[]; codes: string[] }> {
  const [first] = servers;
  const device = await enrol(first!);
  if (purpose === 'login') {
    expect((await login(first!, device, pki.profile('valid'), 'gyosei', 'auth', 'link')).statusCode).toBe(
      200,
    );
  }
  const c = await challenge(first!, device, 'gyosei', purpose);
  const body = assertion(pki.profile('valid'), c);
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => post(servers[i % servers.length]!, device, '/v1/assertions', body)),
  );
  return { statuses: responses.map((r) => r.statusCode), codes: responses.map((r) => r.json().code ?? 'OK') };
}

describe.each(['link', 'login'] as const)(
  'one assertion (%s challenge) submitted 50 times at once',
  (purpose) => {
    it('is accepted exactly once on SQLite; the rest are CHALLENGE_USED, all audited', async () => {
      const server = await startServer(pki);
      try {
        const { codes } = await race([server], purpose);
        expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
        expect(codes.filter((c) => c === 'CHALLENGE_USED')).toHaveLength(49);
        // Besides the 50, a `login` race has the linking login before it.
        const linking = purpose === 'login' ? 1 : 0;
        const audit = await server.deps.store.queryAudit({ limit: 1000 });
        const assertions = audit.filter((a) => a.action === 'assertion');
        expect(assertions).toHaveLength(50 + linking);
        expect(assertions.filter((a) => a.outcome === 'accepted')).toHaveLength(1 + linking);
      } finally {
        await server.close();
      }
    });
  },
);

describePostgres('two server instances on one PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(() => {
    pg = startPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  it.each(['link', 'login'] as const)(
    'accept one assertion (%s challenge) exactly once between them',
    async (purpose) => {
      const url = await createDatabase(pg.url, `race_${purpose}_${process.pid}`);
      const store = { store: { kind: 'postgres', url } };
      const a = await startServer(pki, store);
      const b = await startServer(pki, store);
      try {
        const { codes } = await race([a, b], purpose);
        expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
        expect(codes.filter((c) => c === 'CHALLENGE_USED')).toHaveLength(49);
        const accepted = await a.deps.store.queryAudit({ outcome: 'accepted', limit: 1000 });
        expect(accepted.filter((r) => r.action === 'assertion')).toHaveLength(purpose === 'login' ? 2 : 1);
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});
