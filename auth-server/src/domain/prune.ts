import type { Store } from '../store/store';
import type { Clock } from './clock';
import type { Registration } from './service-registry';

/** An expired challenge is kept this long, so that a late answer is still told CHALLENGE_EXPIRED, not UNKNOWN. */
export const EXPIRED_CHALLENGE_KEPT_MS = 3_600_000;

/** How often the server prunes. */
export const PRUNE_INTERVAL_MS = 10 * 60_000;

export interface PruneContext {
  store: Store;
  clock: Clock;
  tokenTtlSeconds: number;
  services: ReadonlyMap<string, Registration>;
}

/**
 * Deletes challenges expired over an hour ago, used or not, and sessions nothing can need any more: a session
 * backs its tokens until they expire and a reuse of its login (PIN policy) within the longest reuse window of any
 * service, both counted from when it was made. What is gone is refused as before, just with an unknown id.
 */
export function pruneExpired(ctx: PruneContext): Promise<{ challenges: number; sessions: number }> {
  const now = ctx.clock.now().getTime();
  const windows = [...ctx.services.values()].map((s) => s.recentLoginSeconds);
  const sessionKeptMs = Math.max(ctx.tokenTtlSeconds, ...windows) * 1000;
  return ctx.store.prune({
    challengesExpiredBefore: new Date(now - EXPIRED_CHALLENGE_KEPT_MS),
    sessionsCreatedBefore: new Date(now - sessionKeptMs),
  });
}

/** Prunes every PRUNE_INTERVAL_MS on a timer that does not keep the process alive; returns how to stop it. */
export function startPruning(ctx: PruneContext, onError: (error: Error) => void): () => void {
  const timer = setInterval(() => void pruneExpired(ctx).catch(onError), PRUNE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
