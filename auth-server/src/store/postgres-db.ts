import { Pool, type PoolClient, type QueryConfig, type QueryResult } from 'pg';
import type { SqlDb } from './sql-db';

/** node-postgres behind the SqlDb surface: `?` placeholders become $1, $2… */
export function openPostgresDb(url: string, options: { max?: number } = {}): SqlDb {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  return {
    dialect: 'postgres',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      (await run(pool, sql, params)).rows as T[],
    execute: async (sql, params = []) => (await run(pool, sql, params)).rowCount ?? 0,
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
      (await run(client, sql, params)).rows as T[],
    execute: async (sql, params = []) => (await run(client, sql, params)).rowCount ?? 0,
    transaction: (fn) => fn(clientDb(client)),
    close: async () => undefined,
  };
}

/** Our statements never hold a literal `?`, so every one is a placeholder. */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * Statements with parameters (the store's per-request SQL) become named prepared statements: each connection parses
 * and plans one once, then only binds. The name is fixed per text for the process, as node-postgres requires. Those
 * without parameters (migrations' DDL, pings) stay simple queries. The audit query's optional filters make the only
 * variable text, a small set; past the bound new texts are simply not named.
 */
const names = new Map<string, { name: string; text: string }>();
const MAX_NAMED = 500;

function statement(sql: string, params: readonly unknown[]): QueryConfig {
  if (params.length === 0) return { text: numbered(sql) };
  let named = names.get(sql);
  if (named === undefined) {
    if (names.size >= MAX_NAMED) return { text: numbered(sql), values: [...params] };
    named = { name: `madoguchi_${names.size + 1}`, text: numbered(sql) };
    names.set(sql, named);
  }
  return { ...named, values: [...params] };
}

/**
 * A statement, named when it can be. Should another instance's migration change a table under a prepared `SELECT *`,
 * PostgreSQL refuses the old plan ("cached plan must not change result type", 0A000): the statement is then sent
 * unnamed, as it was before statements were named (inside a transaction the error has aborted it, and it fails).
 */
async function run(db: Pool | PoolClient, sql: string, params: readonly unknown[]): Promise<QueryResult> {
  try {
    return await db.query(statement(sql, params));
  } catch (error) {
    if ((error as { code?: string }).code !== '0A000' || params.length === 0) throw error;
    return db.query({ text: numbered(sql), values: [...params] });
  }
}
