import { Pool, type PoolClient } from 'pg';
import type { SqlDb } from './sql-db';

/** node-postgres behind the SqlDb surface: `?` placeholders become $1, $2… */
export function openPostgresDb(url: string, options: { max?: number } = {}): SqlDb {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  return {
    dialect: 'postgres',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      (await pool.query(numbered(sql), [...params])).rows as T[],
    execute: async (sql, params = []) => (await pool.query(numbered(sql), [...params])).rowCount ?? 0,
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function clientDb(client: PoolClient): SqlDb {
  return {
    dialect: 'postgres',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(sql), [...params])).rows as T[],
    execute: async (sql, params = []) => (await client.query(numbered(sql), [...params])).rowCount ?? 0,
    transaction: (fn) => fn(clientDb(client)),
    close: async () => undefined,
  };
}

/** Our statements never hold a literal `?`, so every one is a placeholder. */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};
