import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteDb } from '../../src/store/sqlite-db';
import type { SqlDb } from '../../src/store/sql-db';

let dir: string;
let file: string;
let db: SqlDb;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-sqlite-'));
  file = path.join(dir, 'test.db');
  db = openSqliteDb(file);
  await db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
});
afterEach(async () => {
  await db.close();
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

describe('SQLite group commit', () => {
  it('commits each write before its caller hears of it, even when concurrent writes share one commit', async () => {
    const seen: number[][] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [i, 'x']).then(() => seen.push(committed())),
      ),
    );
    seen.forEach((ids, i) => expect(ids.length).toBeGreaterThanOrEqual(i + 1));
    expect(committed()).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('fails only the statement that fails; the others of its batch stay', async () => {
    await db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [1, 'x']);
    const results = await Promise.allSettled([
      db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [2, 'x']),
      db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [1, 'duplicate']),
      db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [3, null]),
      db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [4, 'x']),
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

  it('runs a batch as one unit in a shared commit: all of it or none, the others of the commit unharmed', async () => {
    const insert = (id: number, v: string | null) => ({
      sql: 'INSERT INTO t (id, v) VALUES (?, ?)',
      params: [id, v],
    });
    const results = await Promise.allSettled([
      db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [1, 'x']),
      db.batch([insert(2, 'x'), insert(3, null)]),
      db.batch([insert(4, 'x'), insert(5, 'x')]),
      db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [6, 'x']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<number[]>).value).toEqual([1, 1]);
    expect(committed()).toEqual([1, 4, 5, 6]);
    // Alone too (no shared commit), a failing batch leaves nothing.
    await expect(db.batch([insert(7, 'x'), insert(1, 'duplicate')])).rejects.toMatchObject({
      code: expect.stringMatching(/^SQLITE_CONSTRAINT/),
    });
    expect(committed()).toEqual([1, 4, 5, 6]);
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
