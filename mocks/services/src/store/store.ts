/**
 * Each sample service's own small store (never the auth-server's data): named collections of JSON records keyed by
 * id, and named counters. One interface, two implementations (memory for tests, a SQLite file for the demo); the
 * contract suite in test/store/ runs against both.
 */
export interface Collection<T> {
  get(id: string): T | undefined;
  put(id: string, value: T): void;
  delete(id: string): void;
  list(): T[];
}

export interface Store {
  collection<T>(name: string): Collection<T>;
  /** Adds one to a counter (created at 0) and returns the new value, atomically. */
  increment(counter: string): number;
  close(): void;
}
