import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The state directory holds the server's secrets (token signing keys, the pairwise-subject secret, the operator
 * token): directory 0700, files 0600, never in the config file or the repository.
 */
export interface StateSecrets {
  /** HMAC key for pairwise subjects: never rotate it, or every service sees new subjects. */
  pairwiseSecret: Buffer;
  /** Bearer token for operator routes (and the CLI that calls them). */
  operatorToken: string;
  /** Where the token signing keys live. */
  tokenKeyDir: string;
}

export const STATE_FILES = {
  pairwiseSecret: 'pairwise-secret',
  operatorToken: 'operator-token',
  tokenKeys: 'token-keys',
} as const;

export function ensureStateDir(dir: string): StateSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tokenKeyDir = path.join(dir, STATE_FILES.tokenKeys);
  mkdirSync(tokenKeyDir, { recursive: true, mode: 0o700 });
  return {
    pairwiseSecret: Buffer.from(readOrCreateSecret(path.join(dir, STATE_FILES.pairwiseSecret)), 'base64url'),
    operatorToken: readOrCreateSecret(path.join(dir, STATE_FILES.operatorToken)),
    tokenKeyDir,
  };
}

export function readOperatorToken(dir: string): string {
  return readFileSync(path.join(dir, STATE_FILES.operatorToken), 'utf8').trim();
}

/** A 32-byte random secret (base64url), created once with mode 0600; refuses a file others can read. */
export function readOrCreateSecret(file: string): string {
  try {
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  assertPrivate(file);
  return readFileSync(file, 'utf8').trim();
}

export function assertPrivate(file: string): void {
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by others: run chmod 600 ${file}`);
  }
}
