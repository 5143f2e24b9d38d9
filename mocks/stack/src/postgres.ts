import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runToEnd } from './processes';

/**
 * A throwaway PostgreSQL cluster for the stack's --postgres mode, made the way auth-server's tests make theirs
 * (auth-server/test/helpers/postgres.ts): initdb in a temporary directory, a unix socket there and no TCP port, trust
 * authentication. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user. The server itself runs
 * in the foreground as one of the stack's child processes, so that it can be stopped and started like any other.
 */
const PG_ROOT = '/usr/lib/postgresql';
/** Any port: the socket lives in a directory of ours, so it meets no other cluster. */
const PORT = 5432;

/** The newest installed PostgreSQL's bin directory, or undefined. */
function postgresBin(): string | undefined {
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest && existsSync(path.join(PG_ROOT, newest, 'bin', 'postgres'))
    ? path.join(PG_ROOT, newest, 'bin')
    : undefined;
}

export interface PostgresCluster {
  /** The connection URL for the auth-server (`store.url`). */
  readonly url: string;
  /** Runs the server in the foreground (stop it with SIGINT: a fast shutdown that ends client sessions). */
  readonly argv: string[];
  /** Deletes the cluster's directory (after the server stopped). */
  remove(): Promise<void>;
}

export async function createPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error(`--postgres needs PostgreSQL in ${PG_ROOT} (apt-get install postgresql)`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-stack-pg-'));
  const asOwner = (argv: string[]) =>
    process.getuid?.() === 0
      ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--', ...argv]
      : argv;
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    await chown(dir, id('-u'), id('-g'));
  }
  const data = path.join(dir, 'data');
  try {
    await runToEnd(
      asOwner([
        path.join(bin, 'initdb'),
        '-D',
        data,
        '-A',
        'trust',
        '-U',
        'postgres',
        '--no-sync',
        '-E',
        'UTF8',
      ]),
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${PORT}`,
    argv: asOwner(
      [path.join(bin, 'postgres'), '-D', data, '-k', dir, '-p', String(PORT)].concat([
        '-c',
        'listen_addresses=',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=200',
      ]),
    ),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
