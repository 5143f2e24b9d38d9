import { Writable } from 'node:stream';
import type { VirtualCard } from '@madoguchi/jpki-card';
import { startBridge, type BridgeOptions, type RunningBridge } from '../../src/interface/bridge';
import { createLogger } from '../../src/interface/logger';
import type { CardReader } from '../../src/protocol/card-reader';
import type { Clock } from '../../src/protocol/clock';
import type { ServerClient } from '../../src/protocol/server-api';
import { FakeAuthority } from './fake-authority';
import { InProcessReader } from './in-process-reader';
import { TV_ORIGIN } from './tv-client';

/**
 * A bridge on an ephemeral loopback port with an in-process reader; every log line is kept in `logs`. `clock`
 * (default: the system's) lets a caller share a frozen server clock.
 */
export async function testBridge(
  card?: VirtualCard,
  options: Partial<BridgeOptions> & { server?: ServerClient; reader?: CardReader; clock?: Clock } = {},
) {
  const inProcess = new InProcessReader(card);
  const reader = options.reader ?? inProcess;
  const authority = new FakeAuthority();
  const logs: string[] = [];
  const log = createLogger(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  );
  const bridge: RunningBridge = await startBridge(
    { host: '127.0.0.1', port: 0, allowedOrigins: [TV_ORIGIN], ...options },
    { reader, server: options.server ?? authority, clock: options.clock ?? { now: () => new Date() }, log },
  );
  return { bridge, reader: inProcess, authority, logs };
}
