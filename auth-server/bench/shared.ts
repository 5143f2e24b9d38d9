/** What the bench orchestrator (run.ts) and its load generator child (load.ts) exchange, as JSON files. */

/** One autocannon run. */
export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  seconds: number;
  /** A pool file (PoolFile JSON): each request takes the next pre-signed assertion; none for a fixed GET. */
  pool?: string;
}

/** One pre-generated assertion: [challengeId, card signature, device id, timestamp, device signature]. */
export type PoolItem = [string, string, string, string, string];

/** Fresh, single-use assertions; the certificate is the same in every body, so it is stored once. */
export interface PoolFile {
  certificate: string;
  items: PoolItem[];
}

export interface LoadResult {
  /** Wall time of the run, seconds (shorter than asked when the pool ran out). */
  seconds: number;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** The first few bodies of non-200 responses (their codes say why). */
  refusals: string[];
  /** Latency of 2xx responses, ms. */
  p50: number;
  p99: number;
  /** CPU time the load generator used, seconds (≈ seconds when it, not the server, is the bottleneck). */
  cpuSeconds: number;
  /** How many pool items were taken (built into a request); the rest were never sent and are still fresh. */
  used: number;
  /** Whether the run stopped early because every pre-generated assertion was used. */
  exhausted: boolean;
}

/**
 * The exact POST /v1/assertions body: the pool stores only its parts, and the load generator rebuilds the same
 * bytes (the device signature covers their hash).
 */
export function assertionBody(challengeId: string, certificate: string, signature: string): string {
  return JSON.stringify({ challengeId, keyKind: 'auth', certificate, signature });
}
