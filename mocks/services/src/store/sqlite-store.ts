import Database from 'better-sqlite3';
import type { Collection, Store } from './store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS records (
    collection TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (collection, id)
  );
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

/** A store in one SQLite file (WAL), one per service. */
export function sqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const get = db.prepare<[string, string], { value: string }>(
    'SELECT value FROM records WHERE collection = ? AND id = ?',
  );
  const put = db.prepare<[string, string, string]>(
    'INSERT INTO records (collection, id, value) VALUES (?, ?, ?) ' +
      'ON CONFLICT (collection, id) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare<[string, string]>('DELETE FROM records WHERE collection = ? AND id = ?');
  const list = db.prepare<[string], { value: string }>(
    'SELECT value FROM records WHERE collection = ? ORDER BY rowid',
  );
  // One statement, so two check-ins never get the same number.
  const increment = db.prepare<[string], { value: number }>(
    'INSERT INTO counters (name, value) VALUES (?, 1) ' +
      'ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
  );
  return {
    collection<T>(name: string): Collection<T> {
      return {
        get: (id) => {
          const row = get.get(name, id);
          return row === undefined ? undefined : (JSON.parse(row.value) as T);
        },
        put: (id, value) => void put.run(name, id, JSON.stringify(value)),
        delete: (id) => void remove.run(name, id),
        list: () => list.all(name).map((row) => JSON.parse(row.value) as T),
      };
    },
    increment: (counter) => increment.get(counter)!.value,
    close: () => db.close(),
  };
}
