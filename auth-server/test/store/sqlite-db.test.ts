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
