/**
 * The little SQL surface both databases offer. Statements use `?` placeholders; the PostgreSQL adapter numbers
 * them. Times are stored as integer milliseconds in both, so that rows map the same way.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

export interface SqlDb {
  readonly dialect: Dialect;
  query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs the statements in order as one transaction (SQLite: one job of the group commit). Returns the rows each
   * changed; if one fails, none of them stays.
   */
  batch(statements: ReadonlyArray<Statement>): Promise<number[]>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
