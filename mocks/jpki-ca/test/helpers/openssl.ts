import { execFile } from 'node:child_process';

export interface OpensslResult {
  code: number;
  /** stdout and stderr together: `openssl verify` reports failures on either, depending on the version. */
  output: string;
}

/** Runs the real openssl binary; never throws on a non-zero exit, so tests can assert refusals. */
export function openssl(...args: string[]): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/openssl', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ code: error === null ? 0 : Number(error.code), output: stdout + stderr });
    });
  });
}

/** `-attime` takes seconds since the epoch; tests verify at their frozen clock, not the real one. */
export const atTime = (date: Date): string[] => ['-attime', String(Math.floor(date.getTime() / 1000))];
