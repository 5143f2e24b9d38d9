import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// Global set-up runs outside Jest's module map, so the built mocks (tsc -b) are used here, by path.
import { buildStandardProfiles } from '../../../mocks/jpki-card/src/profile/build-profiles';

/**
 * Issues the standard cards into a temporary state directory and tells every worker where (env is inherited).
 * Also names the PC/SC socket for the workers: libpcsclite reads PCSCLITE_CSOCK_NAME from the C environment, which a
 * test file cannot change (Jest gives it a copy of process.env), so it must be set here, before workers start. It is
 * a symlink that PC/SC tests point at their own pcscd (test/helpers/pcsc-stack.ts).
 */
export default async function globalSetup(): Promise<void> {
  const state = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-bridge-cards-'));
  await buildStandardProfiles(state);
  process.env.MADOGUCHI_BRIDGE_TEST_CARDS = state;
  process.env.PCSCLITE_CSOCK_NAME = path.join(state, 'pcscd.comm');
}
