import type { StoreConfig } from '../config/config-schema';
import { openPostgresDb } from './postgres-db';
import { SqlStore } from './sql-store';
import { openSqliteDb } from './sqlite-db';
import type { Store } from './store';

/** The store the config names, migrated and ready; `onDbError` hears of connections the database dropped. */
export async function openStore(config: StoreConfig, onDbError?: (error: Error) => void): Promise<Store> {
  const db =
    config.kind === 'sqlite'
      ? openSqliteDb(config.path)
      : openPostgresDb(config.url, onDbError ? { onIdleError: onDbError } : {});
  const store = new SqlStore(db);
  await store.migrate();
  return store;
}
