import Database from 'better-sqlite3';
import type { SqlDb } from './sql-db';

/**
 * better-sqlite3 behind the async SqlDb surface. One connection, WAL and a busy timeout (other processes such as the
 * CLI may write too). Every call goes through one queue, so an open transaction never sees another request's
 * statements interleaved between its awaits.
 */
export function openSqliteDb(path: string): SqlDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const direct = (): SqlDb => ({
    dialect: 'sqlite',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      db.prepare(sql).all(...params) as T[],
    execute: async (sql, params = []) => db.prepare(sql).run(...params).changes,
    transaction: (fn) => fn(direct()),
    close: async () => undefined,
  });
  const inner = direct();
  return {
    dialect: 'sqlite',
    query: (sql, params) => serial(() => inner.query(sql, params)),
    execute: (sql, params) => serial(() => inner.execute(sql, params)),
    transaction: (fn) =>
      serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(inner);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => serial(() => void db.close()),
  };
}
