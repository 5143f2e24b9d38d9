import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster for one test file: initdb in a temp dir, a unix socket only (no TCP port to
 * collide on), stopped and deleted afterwards. initdb refuses root, so as root it runs as the `postgres` user.
 */
const BIN = '/usr/lib/postgresql/15/bin';

/** Whether this machine must run the PostgreSQL suites (root or CI), or may skip them with a message. */
export const PG_REQUIRED =
  process.env.MADOGUCHI_REQUIRE_PG === '1' || process.getuid?.() === 0 || process.env.CI === 'true';

export function pgAvailability(): { available: true } | { available: false; reason: string } {
  if (!existsSync(path.join(BIN, 'initdb'))) {
    return { available: false, reason: `no PostgreSQL binaries in ${BIN} (apt-get install postgresql)` };
  }
  return { available: true };
}

/** `describe` when PostgreSQL can run here; otherwise a skipped block with the reason, or a failure when required. */
export function describePostgres(name: string, fn: () => void): void {
  const a = pgAvailability();
  if (a.available) return describe(name, fn);
  if (PG_REQUIRED) {
    return describe(name, () =>
      it('needs PostgreSQL (MADOGUCHI_REQUIRE_PG=1, root or CI)', () => {
        throw new Error(a.reason);
      }),
    );
  }
  console.warn(`skipping "${name}": ${a.reason}`);
  return describe.skip(name, fn);
}

export interface TestPostgres {
  url: string;
  stop(): void;
}

export function startPostgres(): TestPostgres {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-pg-'));
  const root = process.getuid?.() === 0;
  const asOwner = (cmd: string, args: string[]) => {
    const [file, argv] = root
      ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args]]
      : [path.join(BIN, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = 20000 + Math.floor(Math.random() * 20000);
  asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  asOwner('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    path.join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses= -c fsync=off -c max_connections=200`,
    'start',
  ]);
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    stop: () => {
      try {
        asOwner('pg_ctl', ['-D', data, '-w', '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
