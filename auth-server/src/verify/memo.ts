/**
 * Per-object memoisation for facts that depend only on a certificate's bytes (parsed extensions, its key, whether a
 * given CA key signed it). Keyed weakly by the parsed object, which CertificateCache keeps per SHA-256 of the DER in
 * a bounded LRU: an evicted certificate takes its facts with it. Nothing that depends on the time or on the current
 * CRL is ever memoised.
 */
export function memoized<K extends object, V>(cache: WeakMap<K, V>, key: K, compute: (key: K) => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = compute(key);
  cache.set(key, value);
  return value;
}

/** The result of a parse that may fail: the failure is kept as its cause, and a fresh refusal is thrown each time. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; cause: unknown };

export function attempt<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (cause) {
    return { ok: false, cause };
  }
}
