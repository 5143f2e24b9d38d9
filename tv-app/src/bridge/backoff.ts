/** Delay before reconnect attempt `attempt` (0-based): doubling from 500 ms, capped at 8 s so a box recovers quickly. */
export function backoffDelay(attempt: number, baseMs = 500, capMs = 8000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
}
