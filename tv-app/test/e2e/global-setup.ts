import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Builds dist/ once before the end-to-end suite, so it never tests a stale bundle. */
export default function globalSetup(): void {
  execFileSync(process.execPath, [path.join(__dirname, '../../scripts/build.mjs')], { stdio: 'inherit' });
}
