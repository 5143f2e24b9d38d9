import { MadoguchiError } from '@madoguchi/protocol';
import { Pool, type PoolClient, type QueryConfig, type QueryResult } from 'pg';
import type { SqlDb } from './sql-db';

/**
 * node-postgres behind the SqlDb surface: `?` placeholders become $1, $2… A database that does not answer is
 * `SERVER_UNREACHABLE` whichever call meets it (`run`, and a transaction's connect, BEGIN and COMMIT).
 */
export function openPostgresDb(
  url: string,
  options: { max?: number; onIdleError?: (error: Error) => void } = {},
): SqlDb {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle connection dies when the database restarts; without a listener that 'error' would end the process. The
  // pool drops the connection by itself and the next query opens a new one, so it only needs reporting.
  pool.on('error', (error) => options.onIdleError?.(error));
  const transaction: SqlDb['transaction'] = async (fn) => {
    const client = await unavailableIfDown(pool.connect());
    try {
      await unavailableIfDown(client.query('BEGIN'));
      const result = await fn(clientDb(client));
      await unavailableIfDown(client.query('COMMIT'));
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    dialect: 'postgres',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      (await run(pool, sql, params)).rows as T[],
    execute: async (sql, params = []) => (await run(pool, sql, params)).rowCount ?? 0,
    batch: (statements) => transaction((tx) => tx.batch(statements)),
    transaction,
    close: () => pool.end(),
  };
}

/** Node's socket errors and PostgreSQL's connection exceptions (class 08) and shutdowns (57P01–57P03). */
const CONNECTION_LOST = /^(ECONNREFUSED|ECONNRESET|ENOENT|EPIPE|ETIMEDOUT|08...|57P0[123])$/;

/**
 * A database that does not answer is the server being unavailable (503 SERVER_UNREACHABLE, as /readyz says), which
 * the bridge reports before any PIN; not an INTERNAL error. Anything else passes unchanged.
 */
async function unavailableIfDown<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const lost =
      (typeof code === 'string' && CONNECTION_LOST.test(code)) ||
      /^Connection terminated/.test((error as Error).message ?? '');
    if (lost)
      throw new MadoguchiError('SERVER_UNREACHABLE', 'the database does not answer', { cause: error });
    throw error;
  }
}

function clientDb(client: PoolClient): SqlDb {
  return {
    dialect: 'postgres',
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) =>
      (await run(client, sql, params)).rows as T[],
    execute: async (sql, params = []) => (await run(client, sql, params)).rowCount ?? 0,
    batch: async (statements) => {
      const changes: number[] = [];
      for (const s of statements) changes.push((await run(client, s.sql, s.params)).rowCount ?? 0);
      return changes;
    },
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
    return await unavailableIfDown(db.query(statement(sql, params)));
  } catch (error) {
    if ((error as { code?: string }).code !== '0A000' || params.length === 0) throw error;
    return unavailableIfDown(db.query({ text: numbered(sql), values: [...params] }));
  }
}
