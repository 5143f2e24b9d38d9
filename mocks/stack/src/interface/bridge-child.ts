#!/usr/bin/env node
/**
 * Runs the reader-bridge from its config file, as the stack's child process (so that PCSCLITE_CSOCK_NAME reaches
 * its PC/SC library). It does what `madoguchi-bridge --config FILE` will do: that CLI is not written yet, so this
 * calls the bridge's own config loader and serve(); replace this file with the CLI once it lands.
 */
import { createLogger } from '@madoguchi/reader-bridge';
import { loadConfig } from '@madoguchi/reader-bridge/dist/config/load-config';
import { serve } from '@madoguchi/reader-bridge/dist/interface/serve';

async function main(file: string): Promise<void> {
  const config = loadConfig(file);
  const log = createLogger({ level: config.logLevel });
  const running = await serve(config, log);
  const stop = () => void running.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop).once('SIGINT', stop);
}

main(process.argv[2] ?? '').catch((error: Error) => {
  console.error(`${(error as { code?: string }).code ?? 'ERROR'}: ${error.message}`);
  process.exit(1);
});
