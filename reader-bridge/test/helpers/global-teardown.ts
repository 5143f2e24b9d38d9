import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const state = process.env.MADOGUCHI_BRIDGE_TEST_CARDS;
  if (state) await rm(state, { recursive: true, force: true });
}
