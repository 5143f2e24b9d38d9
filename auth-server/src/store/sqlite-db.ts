import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import { MadoguchiError } from '@madoguchi/protocol';
import type { SqlDb, Statement as SqlStatement } from './sql-db';

interface Job {
  run: () => unknown;
  write: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface SqliteOptions {
  /**
   * Makes a file's written bytes durable (fsync). A seam for tests; by default `FileHandle.sync`, which runs on
   * libuv's thread pool, not on the event loop.
   */
  syncFile?: (file: FileHandle) => Promise<void>;
}

/**
 * better-sqlite3 behind the async SqlDb surface. One connection, WAL and a busy timeout (other processes such as the
 * CLI may write too). Every call goes through one queue, so an open transaction never sees another request's
 * statements interleaved between its awaits.
 *
 * Group commit, in two parts:
 * - The statements that concurrent requests issue in one turn of the event loop run as one batch, in the order they
 *   were issued. A batch with two or more writes runs inside one BEGIN IMMEDIATE … COMMIT, so the pages they share
 *   are written to the WAL once. Should the batch's transaction fail or be rolled back by SQLite (a statement error
 *   that aborts the whole transaction), nothing of it stays and every statement of the batch runs again on its own.
 * - The disk flush is off the event loop. SQLite commits with `synchronous = NORMAL` (its write to the WAL, no fsync:
 *   ~10 µs, where `FULL` blocked the event loop ~200 µs in fsync on every commit), and no caller whose statement
 *   changed anything hears of it before an fsync of the WAL that began after its commit has finished. One fsync at a
 *   time runs on the thread pool; the commits made meanwhile share the next. A commit is durable once the WAL frames
 *   up to its commit frame are on disk — what `FULL` does inside the commit — and SQLite itself syncs the WAL before
 *   each checkpoint and the WAL header when it restarts. Another request may read a commit before its flush ends;
 *   the commit's own caller is answered only after it. Should an fsync fail, what reached the disk is unknown: the
 *   database refuses every later call (503) until the server restarts and SQLite recovers from the WAL.
 */
export function openSqliteDb(path: string, options: SqliteOptions = {}): SqlDb {
  const db = new Database(path);
  if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
    db.close();
    throw new Error(`${path}: the SQLite store needs a database file that can use a write-ahead log`);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const flush = walFlusher(`${path}-wal`, options.syncFile ?? ((file) => file.sync()));

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };
  /** A write's result, once what it committed is on disk (nothing to wait for when it changed nothing). */
  const durable = async <T>(pending: Promise<T>, changed: (value: T) => boolean): Promise<T> => {
    const value = await pending;
    if (changed(value)) await flush.after();
    return value;
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
  /** Statements as one unit under a savepoint: the transaction on its own, a nested unit inside `transaction`. */
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
  /** Inside `transaction`: the queue is already held, and the commit waits for the flush. */
  const inner: SqlDb = {
    dialect: 'sqlite',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      prepared(sql).all(...params) as T[],
    execute: async (sql, params = []) => prepared(sql).run(...params).changes,
    batch: async (statements) => atomically(statements),
    transaction: (fn) => fn(inner),
    close: async () => undefined,
  };

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
      flush.check();
      // The first statement of a batch books its place in the queue; the batch runs on the next turn of the event
      // loop, with every statement issued until then (or until a transaction, which keeps its place after them).
      if (open === undefined) {
        const batch: Job[] = [];
        open = batch;
        serial(() => new Promise<void>((done) => setImmediate(done)).then(() => runBatch(batch)));
      }
      open.push({ run, write, resolve: resolve as (value: unknown) => void, reject });
    });
  const anyChange = (changes: number[]) => changes.some((n) => n > 0);

  return {
    dialect: 'sqlite',
    query: <T extends object>(sql: string, params: readonly unknown[] = []) =>
      enqueue(() => prepared(sql).all(...params) as T[], false),
    execute: (sql, params = []) =>
      durable(
        enqueue(() => prepared(sql).run(...params).changes, true),
        (n) => n > 0,
      ),
    batch: (statements) =>
      durable(
        enqueue(() => atomically(statements), true),
        anyChange,
      ),
    transaction: (fn) => {
      open = undefined;
      return durable(
        serial(async () => {
          flush.check();
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
        () => true,
      );
    },
    close: () => {
      open = undefined;
      return serial(async () => {
        try {
          await flush.close();
        } finally {
          db.close();
        }
      });
    },
  };
}

const MAX_STATEMENTS = 500;

/**
 * fsyncs of one WAL file, one at a time: `after()` resolves once an fsync that began after the call has finished.
 * A failed fsync is kept: `check()` throws it from then on.
 */
function walFlusher(walPath: string, syncFile: (file: FileHandle) => Promise<void>) {
  let file: FileHandle | undefined;
  let failed: MadoguchiError | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  let closed = false;

  const syncOnce = async (): Promise<void> => {
    try {
      if (file === undefined) {
        // The WAL exists once SQLite has committed to it; its directory entry is made durable the first time too.
        file = await open(walPath, 'r');
        const dir = await open(dirname(walPath), 'r');
        try {
          await syncFile(dir);
        } finally {
          await dir.close();
        }
      }
      await syncFile(file);
    } catch (cause) {
      failed ??= new MadoguchiError(
        'SERVER_UNREACHABLE',
        `the database's write-ahead log could not be flushed to disk (${walPath}); what reached it is unknown, so ` +
          'the database refuses every call: fix the disk, then restart the server',
        { cause },
      );
      throw failed;
    }
  };
  const after = (): Promise<void> => {
    if (failed) return Promise.reject(failed);
    if (closed) return Promise.resolve();
    if (running === undefined) {
      running = syncOnce().finally(() => (running = undefined));
      return running;
    }
    // The fsync under way may have begun before this commit: wait for the next, which covers every commit until it.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return after();
      });
    return next;
  };
  return {
    after,
    check: (): void => {
      if (failed) throw failed;
    },
    /** A last flush, covering every commit before it; then nothing is left to wait for. */
    close: async (): Promise<void> => {
      try {
        await after();
      } finally {
        closed = true;
        await file?.close();
      }
    },
  };
}
