import { openPostgresDb } from '../../src/store/postgres-db';
import { describePostgres, startPostgres, type TestPostgres } from '../helpers/postgres';
import { createDatabase } from '../helpers/stores';

describePostgres('PostgreSQL named statements', () => {
  let pg: TestPostgres;
  beforeAll(() => {
    pg = startPostgres();
  }, 60_000);
  afterAll(() => pg?.stop());

  it('keeps answering a prepared SELECT * after another instance changes the table under it', async () => {
    const url = await createDatabase(pg.url, `named_${process.pid}`);
    const db = openPostgresDb(url, { max: 1 });
    const other = openPostgresDb(url, { max: 1 });
    try {
      await db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
      await db.execute('INSERT INTO t (id, v) VALUES (?, ?)', [1, 'a']);
      expect(await db.query('SELECT * FROM t WHERE id = ?', [1])).toEqual([{ id: 1, v: 'a' }]);
      await other.execute('ALTER TABLE t ADD COLUMN w TEXT');
      expect(await db.query('SELECT * FROM t WHERE id = ?', [1])).toEqual([{ id: 1, v: 'a', w: null }]);
      expect(await db.execute('UPDATE t SET v = ? WHERE id = ?', ['b', 1])).toBe(1);
    } finally {
      await db.close();
      await other.close();
    }
  });

  it('survives the database dropping an idle connection: reported, and the next query reconnects', async () => {
    const url = await createDatabase(pg.url, `idle_${process.pid}`);
    const lost: Error[] = [];
    const db = openPostgresDb(url, { max: 1, onIdleError: (e) => lost.push(e) });
    const other = openPostgresDb(url, { max: 1 });
    try {
      const pid = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
      await other.query('SELECT pg_terminate_backend(?)', [pid]);
      for (let i = 0; i < 100 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(lost).toHaveLength(1);
      const [again] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(again!.pid).not.toBe(pid);
    } finally {
      await db.close();
      await other.close();
    }
  });

  it('a database that does not answer is SERVER_UNREACHABLE (503), not INTERNAL', async () => {
    const db = openPostgresDb('postgres://madoguchi@127.0.0.1:1/none', { max: 1 });
    try {
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
      await expect(db.transaction(async () => 1)).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
    } finally {
      await db.close();
    }
  });
});
