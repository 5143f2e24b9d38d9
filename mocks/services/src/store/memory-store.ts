import type { Collection, Store } from './store';

/** A store that lives as long as the process: tests, and a demo that need not remember. */
export function memoryStore(): Store {
  const collections = new Map<string, Map<string, string>>();
  const counters = new Map<string, number>();
  return {
    collection<T>(name: string): Collection<T> {
      const rows = collections.get(name) ?? new Map<string, string>();
      collections.set(name, rows);
      // Stored as JSON so a caller never shares a mutable object with the store, as with SQLite.
      return {
        get: (id) => {
          const row = rows.get(id);
          return row === undefined ? undefined : (JSON.parse(row) as T);
        },
        put: (id, value) => void rows.set(id, JSON.stringify(value)),
        delete: (id) => void rows.delete(id),
        list: () => [...rows.values()].map((row) => JSON.parse(row) as T),
      };
    },
    increment(counter) {
      const next = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, next);
      return next;
    },
    close: () => undefined,
  };
}
