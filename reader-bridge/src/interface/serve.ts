import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load-config';
import type { CardReader } from '../protocol/card-reader';
import { systemClock } from '../protocol/clock';
import { loadOrCreateDeviceKey } from '../transport/device-key';
import { HttpServerClient } from '../transport/server-client';
import { SupervisedPcscReader } from '../transport/supervised-pcsc-reader';
import { openVirtualReader } from '../transport/virtual-reader';
import { startBridge } from './bridge';

/** The TV WebSocket is for the TV app on the same box: never anything but loopback. */
export const LISTEN_HOST = '127.0.0.1';

export interface RunningService {
  readonly port: number;
  readonly deviceId: string;
  stop(): Promise<void>;
}

/** Starts the bridge from a validated config: device key, auth-server client, card reader, TV WebSocket. */
export async function serve(config: LoadedConfig, log: Logger): Promise<RunningService> {
  const identity = await loadOrCreateDeviceKey(config.stateDir);
  const server = new HttpServerClient({
    baseUrl: config.serverUrl,
    identity,
    timeoutMs: config.timeouts.serverMs,
    clock: systemClock,
    ...(config.serverCaFile ? { ca: await readFile(config.serverCaFile, 'utf8') } : {}),
  });
  let reader: CardReader;
  if (config.cardSource.kind === 'virtual') {
    log.warn(
      { profile: config.cardSource.profile },
      'DEVELOPMENT: using an in-process virtual card, not PC/SC',
    );
    reader = await openVirtualReader(config.cardSource.profile);
  } else {
    reader = new SupervisedPcscReader({
      ...(config.readerName ? { readerName: config.readerName } : {}),
      restartDelayMs: config.timeouts.pcscRestartMs,
      onRestart: (why, delayMs) => log.warn({ why, delayMs }, 'PC/SC process stopped; starting it again'),
    });
  }
  let bridge;
  try {
    bridge = await startBridge(
      {
        host: LISTEN_HOST,
        port: config.port,
        allowedOrigins: config.allowedOrigins,
        pinEntryTimeoutMs: config.timeouts.pinEntrySeconds * 1000,
      },
      { reader, server, clock: systemClock, log },
    );
  } catch (error) {
    await reader.close();
    throw error;
  }
  const running = bridge;
  log.info(
    {
      port: running.port,
      deviceId: identity.deviceId,
      card: config.cardSource.kind,
      serverUrl: config.serverUrl,
    },
    'bridge ready',
  );
  return {
    port: running.port,
    deviceId: identity.deviceId,
    stop: async () => {
      await running.stop();
      await reader.close();
    },
  };
}
