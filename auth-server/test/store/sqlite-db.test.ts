import { mkdtempSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteDb } from '../../src/store/sqlite-db';
import type { SqlDb } from '../../src/store/sql-db';

let dir: string;
let file: string;
let db: SqlDb;
/** The fsyncs asked for, held until the test lets them finish; each settles as the real one would. */
let syncs: Array<{ file: FileHandle; finish: (error?: Error) => void }>;
/** When false, fsyncs finish at once (the real one). */
let holdSyncs: boolean;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-sqlite-'));
  file = path.join(dir, 'test.db');
  syncs = [];
  holdSyncs = false;
  db = openSqliteDb(file, {
    syncFile: (f) =>
      holdSyncs
        ? new Promise<void>((resolve, reject) =>
            syncs.push({ file: f, finish: (error) => (error ? reject(error) : resolve()) }),
          )
        : f.sync(),
  });
  await db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
});
afterEach(async () => {
  holdSyncs = false;
  for (const s of syncs) s.finish();
  await db.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** What another connection (another process, the CLI) sees: only what was committed. */
const committed = (): number[] => {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare('SELECT id FROM t ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
  } finally {
    other.close();
  }
};
const insert = (id: number, v: string | null = 'x') => ({
  sql: 'INSERT INTO t (id, v) VALUES (?, ?)',
  params: [id, v],
});
/** Lets every pending promise callback and the thread pool's opens run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('SQLite group commit: durable before the caller hears of it, the fsync off the event loop', () => {
  it('answers a write only after an fsync of the WAL that began after its commit', async () => {
    await db.execute(insert(0).sql, insert(0).params); // the WAL is open and its directory synced
    holdSyncs = true;
    let done = false;
    const write = db.execute(insert(1).sql, insert(1).params).then(() => (done = true));
    await settle();
    expect(committed()).toEqual([0, 1]); // committed to the WAL…
    expect(syncs).toHaveLength(1); // …and its flush asked for…
    expect(done).toBe(false); // …but not answered before the flush ends
    syncs.shift()!.finish();
    await write;
    expect(done).toBe(true);
  });

  it('makes the commits that arrive during one fsync share the next, one at a time', async () => {
    await db.execute(insert(1).sql, insert(1).params); // the WAL is open and its directory synced
    holdSyncs = true;
    const first = db.execute(insert(2).sql, insert(2).params);
    await settle();
    expect(syncs).toHaveLength(1); // under way, covering commit 2
    const answered: number[] = [];
    const more = [3, 4, 5, 6].map((id) => db.batch([insert(id)]).then(() => answered.push(id)));
    await settle();
    expect(syncs).toHaveLength(1); // never two at once
    expect(answered).toEqual([]);
    syncs.shift()!.finish();
    await first;
    await settle();
    expect(answered).toEqual([]); // that fsync began before their commits: they wait for the next
    expect(syncs).toHaveLength(1); // one fsync for all four
    syncs.shift()!.finish();
    await Promise.all(more);
    expect(answered.sort()).toEqual([3, 4, 5, 6]);
    expect(syncs).toHaveLength(0);
  });

  it('does not wait for a flush when nothing changed, and reads never do', async () => {
    await db.execute(insert(1).sql, insert(1).params);
    holdSyncs = true;
    await expect(db.execute('UPDATE t SET v = ? WHERE id = ?', ['y', 99])).resolves.toBe(0);
    await expect(db.query('SELECT id FROM t')).resolves.toEqual([{ id: 1 }]);
    expect(syncs).toHaveLength(0);
  });

  it('after a failed fsync refuses the writes that waited for it and every later call, as unavailable', async () => {
    await db.execute(insert(1).sql, insert(1).params);
    holdSyncs = true;
    const waiting = db.execute(insert(2).sql, insert(2).params);
    await settle();
    syncs.shift()!.finish(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await expect(waiting).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE', cause: { code: 'EIO' } });
    await expect(db.query('SELECT id FROM t')).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
    await expect(db.execute(insert(3).sql, insert(3).params)).rejects.toMatchObject({
      code: 'SERVER_UNREACHABLE',
    });
    expect(committed()).toEqual([1, 2]); // nothing after the failure was even tried
  });

  it('flushes at close what was committed before it', async () => {
    await db.execute(insert(0).sql, insert(0).params);
    holdSyncs = true;
    const write = db.execute(insert(1).sql, insert(1).params);
    await settle();
    const closing = db.close();
    syncs.shift()!.finish(); // the write's flush
    await write;
    await settle();
    expect(syncs).toHaveLength(1); // the close's own, a last one after every commit
    syncs.shift()!.finish();
    await closing;
    expect(committed()).toEqual([0, 1]);
  });

  it('refuses a database that cannot keep a write-ahead log', () => {
    expect(() => openSqliteDb(':memory:')).toThrow(/write-ahead log/);
  });
});

describe('SQLite statements', () => {
  it('fails only the statement that fails', async () => {
    await db.execute(insert(1).sql, insert(1).params);
    const results = await Promise.allSettled([
      db.execute(insert(2).sql, insert(2).params),
      db.execute(insert(1, 'duplicate').sql, insert(1, 'duplicate').params),
      db.execute(insert(3, null).sql, insert(3, null).params),
      db.execute(insert(4).sql, insert(4).params),
      db.query<{ n: number }>('SELECT COUNT(*) AS n FROM t'),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[4] as PromiseFulfilledResult<Array<{ n: number }>>).value).toEqual([{ n: 3 }]);
    expect(committed()).toEqual([1, 2, 4]);
  });

  it('runs a batch as one unit: all of it or none, the statements around it unharmed', async () => {
    const results = await Promise.allSettled([
      db.execute(insert(1).sql, insert(1).params),
      db.batch([insert(2), insert(3, null)]),
      db.batch([insert(4), insert(5)]),
      db.execute(insert(6).sql, insert(6).params),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<number[]>).value).toEqual([1, 1]);
    expect(committed()).toEqual([1, 4, 5, 6]);
    // Inside a transaction too, a failing batch leaves nothing of itself and the transaction goes on.
    await db.transaction(async (tx) => {
      await expect(tx.batch([insert(7), insert(1, 'duplicate')])).rejects.toMatchObject({
        code: expect.stringMatching(/^SQLITE_CONSTRAINT/),
      });
      await tx.execute(insert(8).sql, insert(8).params);
    });
    expect(committed()).toEqual([1, 4, 5, 6, 8]);
  });

  it('runs statements in the order they were issued, around transactions', async () => {
    const [, inTx, after] = await Promise.all([
      db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [1, 'a']),
      db.transaction(async (tx) => {
        await tx.execute('UPDATE t SET v = ? WHERE id = ?', ['b', 1]);
        return tx.query<{ v: string }>('SELECT v FROM t WHERE id = ?', [1]);
      }),
      db.query<{ v: string }>('SELECT v FROM t WHERE id = ?', [1]),
    ]);
    expect(inTx).toEqual([{ v: 'b' }]);
    expect(after).toEqual([{ v: 'b' }]);
  });
});
