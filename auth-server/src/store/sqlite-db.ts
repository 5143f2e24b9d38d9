import Database, { type Statement } from 'better-sqlite3';
import type { SqlDb, Statement as SqlStatement } from './sql-db';

interface Job {
  run: () => unknown;
  write: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * better-sqlite3 behind the async SqlDb surface. One connection, WAL and a busy timeout (other processes such as the
 * CLI may write too). Every call goes through one queue, so an open transaction never sees another request's
 * statements interleaved between its awaits.
 *
 * Group commit: the statements that concurrent requests issue in one turn of the event loop run as one batch, in
 * the order they were issued. A batch with two or more writes runs inside one BEGIN IMMEDIATE … COMMIT, so it costs
 * one WAL sync instead of one per statement; no caller's promise resolves before that COMMIT, so a write is as
 * durable when its caller learns of it as it was in autocommit. Should the batch's transaction fail or be rolled
 * back by SQLite (a statement error that aborts the whole transaction), nothing of it stays and every statement of
 * the batch is run again on its own, exactly as without batching.
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
  // Statements prepared once per connection, by their text (the store's SQL is fixed but for the audit query's
  // optional filters, so the set is small; the bound is a guard, not an eviction policy).
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
  /**
   * Statements as one unit under a savepoint: inside a batch's transaction a failure undoes this unit alone, and on
   * its own the savepoint is the transaction. Should SQLite have rolled back more, the caller sees it (inTransaction).
   */
  const atomically = (statements: ReadonlyArray<SqlStatement>): number[] => {
    prepared('SAVEPOINT madoguchi_batch').run();
    try {
      const changes = statements.map((s) => prepared(s.sql).run(...s.params).changes);
      prepared('RELEASE madoguchi_batch').run();
      return changes;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK TO madoguchi_batch; RELEASE madoguchi_batch');
      throw error;
    }
  };
  const direct = (): SqlDb => ({
    dialect: 'sqlite',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      prepared(sql).all(...params) as T[],
    execute: async (sql, params = []) => prepared(sql).run(...params).changes,
    batch: async (statements) => atomically(statements),
    transaction: (fn) => fn(direct()),
    close: async () => undefined,
  });
  const inner = direct();

  /** The batch still taking statements: until it starts, or until a transaction is queued behind it. */
  let open: Job[] | undefined;
  const runAlone = (jobs: readonly Job[]): void => {
    for (const job of jobs) {
      try {
        job.resolve(job.run());
      } catch (error) {
        job.reject(error);
      }
    }
  };
  const runBatch = (jobs: Job[]): void => {
    if (open === jobs) open = undefined;
    if (jobs.filter((j) => j.write).length < 2 || db.inTransaction) return runAlone(jobs);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.exec('BEGIN IMMEDIATE');
      for (const job of jobs) {
        try {
          outcomes.push({ ok: true, value: job.run() });
        } catch (error) {
          outcomes.push({ ok: false, error });
          if (!db.inTransaction) throw error; // SQLite rolled the whole batch back
        }
      }
      db.exec('COMMIT');
    } catch {
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // Nothing of the batch is committed either way; its statements run again on their own.
      }
      return runAlone(jobs);
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  };
  const enqueue = <T>(run: () => T, write: boolean): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      // The first statement of a batch books its place in the queue; the batch runs on the next turn of the event
      // loop, with every statement issued until then (or until a transaction, which keeps its place after them).
      if (open === undefined) {
        const batch: Job[] = [];
        open = batch;
        serial(() => new Promise<void>((done) => setImmediate(done)).then(() => runBatch(batch)));
      }
      open.push({ run, write, resolve: resolve as (value: unknown) => void, reject });
    });

  return {
    dialect: 'sqlite',
    query: <T extends object>(sql: string, params: readonly unknown[] = []) =>
      enqueue(() => prepared(sql).all(...params) as T[], false),
    execute: (sql, params = []) => enqueue(() => prepared(sql).run(...params).changes, true),
    batch: (statements) => enqueue(() => atomically(statements), true),
    transaction: (fn) => {
      open = undefined;
      return serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(inner);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      });
    },
    close: () => serial(() => void db.close()),
  };
}

const MAX_STATEMENTS = 500;
