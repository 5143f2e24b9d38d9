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
import { createDatabase } from '../helpers/stores';

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

/** Submits one assertion 50 times at once, spread over the given servers; returns the status codes. */
async function race(servers: TestServer[]): Promise<{ statuses: number[]; codes: string[] }> {
  const [first] = servers;
  const device = await enrol(first!);
  const c = await challenge(first!, device);
  const body = assertion(pki.profile('valid'), c);
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => post(servers[i % servers.length]!, device, '/v1/assertions', body)),
  );
  return { statuses: responses.map((r) => r.statusCode), codes: responses.map((r) => r.json().code ?? 'OK') };
}

describe('one assertion submitted 50 times at once', () => {
  it('is accepted exactly once on SQLite; the rest are CHALLENGE_USED, all audited', async () => {
    const server = await startServer(pki);
    try {
      const { codes } = await race([server]);
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'CHALLENGE_USED')).toHaveLength(49);
      const audit = await server.deps.store.queryAudit({ limit: 1000 });
      expect(audit.filter((a) => a.action === 'assertion')).toHaveLength(50);
    } finally {
      await server.close();
    }
  });
});

describePostgres('two server instances on one PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(() => {
    pg = startPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  it('accept one assertion exactly once between them', async () => {
    const url = await createDatabase(pg.url, `race_${process.pid}`);
    const store = { store: { kind: 'postgres', url } };
    const a = await startServer(pki, store);
    const b = await startServer(pki, store);
    try {
      const { codes } = await race([a, b]);
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'CHALLENGE_USED')).toHaveLength(49);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
