import { rm } from 'node:fs/promises';
import { pointSocketLink, startPcscd, type PcscdStack } from '@madoguchi/jpki-card';
import type { Part } from './parts';

export interface PcscdPart extends Part {
  /** Environment for PC/SC clients: a socket path that stays the same across restarts. */
  readonly clientEnv: Record<string, string>;
  /** The pcscd running now (its namespace and vpcd port, for the card process). */
  current(): PcscdStack;
}

/**
 * The private pcscd (jpki-card's startPcscd) as a part that can be restarted. Each start is a new pcscd with a new
 * socket, but PC/SC clients read PCSCLITE_CSOCK_NAME once per process: so they are given a symlink (`link`) that
 * every start points at the new socket, as reader-bridge's own pcscd-restart tests do.
 */
export function pcscdPart(link: string): PcscdPart {
  let pcscd: PcscdStack | undefined;
  return {
    name: 'pcscd',
    clientEnv: { PCSCLITE_CSOCK_NAME: link },
    current() {
      if (!pcscd) throw new Error('pcscd is not running');
      return pcscd;
    },
    async start() {
      if (pcscd) throw new Error('pcscd is running already');
      pcscd = await startPcscd();
      await pointSocketLink(link, pcscd);
    },
    async stop() {
      await pcscd?.stop();
      pcscd = undefined;
      await rm(link, { force: true });
    },
  };
}
