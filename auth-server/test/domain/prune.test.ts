import { decodeJwt } from 'jose';
import {
  EXPIRED_CHALLENGE_KEPT_MS,
  PRUNE_INTERVAL_MS,
  pruneExpired,
  startPruning,
  type PruneContext,
} from '../../src/domain/prune';
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

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

let server: TestServer;
afterEach(() => server.close());

const context = (): PruneContext => ({
  store: server.deps.store,
  clock: server.clock,
  tokenTtlSeconds: server.config.tokens.ttlSeconds,
  services: server.app.services,
});

/** A login (its session), its spent challenge, and a challenge never answered; all made now. */
async function loginAndLeaveAChallenge() {
  const device = await enrol(server);
  const c = await challenge(server, device);
  const body = assertion(pki.profile('valid'), c);
  const res = await post(server, device, '/v1/assertions', body);
  const sid = decodeJwt(res.json().tokens.accessToken).sid as string;
  const unanswered = await challenge(server, device);
  return { device, body, sid, unanswered };
}

describe('pruning', () => {
  it('deletes sessions once their tokens expired, challenges an hour after they expired; refusals stay', async () => {
    server = await startServer(pki);
    const { device, body, sid, unanswered } = await loginAndLeaveAChallenge();
    const ttl = server.config.tokens.ttlSeconds * 1000;
    expect(await pruneExpired(context())).toEqual({ challenges: 0, sessions: 0 });

    server.clock.advance(ttl - 1000);
    expect(await pruneExpired(context())).toEqual({ challenges: 0, sessions: 0 });
    expect(await server.deps.store.getSession(sid)).toBeDefined();

    server.clock.advance(2000);
    expect(await pruneExpired(context())).toEqual({ challenges: 0, sessions: 1 });
    expect(await server.deps.store.getSession(sid)).toBeUndefined();
    // Expired but kept: a late answer is still told why.
    expect((await post(server, device, '/v1/assertions', body)).json()).toMatchObject({
      code: 'CHALLENGE_USED',
    });

    const challengeTtl = server.config.challenge.ttlSeconds * 1000;
    server.clock.advance(challengeTtl + EXPIRED_CHALLENGE_KEPT_MS - ttl);
    expect(await pruneExpired(context())).toEqual({ challenges: 2, sessions: 0 });
    expect(await server.deps.store.getChallenge(unanswered.challengeId)).toBeUndefined();
    expect((await post(server, device, '/v1/assertions', body)).json()).toMatchObject({
      code: 'CHALLENGE_UNKNOWN',
    });
  });

  it("keeps a session as long as any service's recent-login reuse window needs it", async () => {
    server = await startServer(pki, {
      services: [
        { id: 'gyosei', assurance: 'auth' },
        { id: 'bosai', assurance: 'auth', recentLoginSeconds: 1800 },
      ],
    });
    const { sid } = await loginAndLeaveAChallenge();
    server.clock.advance(1_799_000);
    expect((await pruneExpired(context())).sessions).toBe(0);
    server.clock.advance(2000);
    expect((await pruneExpired(context())).sessions).toBe(1);
    expect(await server.deps.store.getSession(sid)).toBeUndefined();
  });

  it('runs on a timer while the server runs, and stops with it', async () => {
    server = await startServer(pki);
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const prune = jest.spyOn(server.deps.store, 'prune');
      const errors: Error[] = [];
      const stop = startPruning(context(), (e) => errors.push(e));
      await jest.advanceTimersByTimeAsync(PRUNE_INTERVAL_MS - 1);
      expect(prune).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(1);
      expect(prune).toHaveBeenCalledTimes(1);
      prune.mockRejectedValueOnce(new Error('disk full'));
      await jest.advanceTimersByTimeAsync(PRUNE_INTERVAL_MS);
      expect(errors.map((e) => e.message)).toEqual(['disk full']);
      stop();
      await jest.advanceTimersByTimeAsync(3 * PRUNE_INTERVAL_MS);
      expect(prune).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
