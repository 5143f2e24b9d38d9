/**
 * The little SQL surface both databases offer. Statements use `?` placeholders; the PostgreSQL adapter numbers
 * them. Times are stored as integer milliseconds in both, so that rows map the same way.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface SqlDb {
  readonly dialect: Dialect;
  query<T extends object>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
