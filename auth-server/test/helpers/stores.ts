import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import type { TestPostgres } from './postgres';

/** A fresh, migrated store per test, and how to throw it away. */
export interface StoreFactory {
  name: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

export function sqliteFactory(): StoreFactory {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-sqlite-'));
  let n = 0;
  return {
    name: 'sqlite',
    open: () => openStore({ kind: 'sqlite', path: path.join(dir, `db-${++n}.sqlite`) }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Each open() gets its own database in the throwaway cluster. */
export function postgresFactory(pg: () => TestPostgres): StoreFactory {
  let n = 0;
  return {
    name: 'postgres',
    open: async () =>
      openStore({ kind: 'postgres', url: await createDatabase(pg().url, `t${process.pid}_${++n}`) }),
    cleanup: async () => undefined,
  };
}

export async function createDatabase(url: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return url.replace('/postgres?', `/${name}?`);
}
