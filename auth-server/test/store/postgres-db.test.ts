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
});
