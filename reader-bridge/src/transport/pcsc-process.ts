/**
 * The process that owns pcsclite, started and watched by SupervisedPcscReader. pcsclite's native code can block
 * its caller's main thread for ever (README, "PC/SC: pcsclite and clean shutdown"); out here that freezes only this
 * process, which the bridge then kills and starts again. Reader events and replies go to the parent over IPC.
 */
import { isMadoguchiError, MadoguchiError } from '@madoguchi/protocol';
import type { PcscChannel } from './pcsc-channel';
import type { ConnectReply, PcscNotice, PcscProcessOptions, PcscRequest } from './pcsc-ipc';
import { PcscReader } from './pcsc-reader';

/** Once the parent is gone (killed, or after close) there is no one to tell: sending would throw. */
const send = (notice: PcscNotice) => {
  if (process.connected) process.send?.(notice);
};
const options = JSON.parse(process.argv[2] ?? '{}') as PcscProcessOptions;
const reader = new PcscReader({
  ...options,
  onContext: (phase) => send({ kind: 'context', phase }),
});
/** The connection to the card now in the reader (PcscReader has one at a time), and its id for the parent. */
let current: { id: number; channel: PcscChannel } | undefined;
let lastId = 0;
let closing: Promise<void> | undefined;
const close = () => (closing ??= reader.close());

reader.subscribe((event) => send({ kind: 'event', event }));

async function run(request: PcscRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect': {
      const channel = await reader.connect();
      // A channel lives for one insertion: a new one gets a new id, and the old id is answered CARD_REMOVED.
      if (current?.channel !== channel) current = { id: ++lastId, channel };
      return { channel: current.id, atr: channel.atr } satisfies ConnectReply;
    }
    case 'transmit': {
      if (current?.id !== request.channel)
        throw new MadoguchiError('CARD_REMOVED', 'that card connection has ended');
      const { channel } = current;
      // The child's copy of a VERIFY holds the PIN: wiped once sent, as JpkiCard wipes the bridge's own (pcsclite
      // gets a view of it, not a copy). The IPC serializer's transient buffers on either side are freed, not wiped.
      try {
        return await channel.transmit(request.command);
      } finally {
        request.command.fill(0);
      }
    }
    case 'ping':
      return 'pong';
    case 'close':
      await close();
      // Nothing of ours is left: the process exits on its own once IPC is let go (the parent kills it if not).
      setImmediate(() => process.disconnect?.());
      return 'closed';
  }
}

process.on('message', (request: PcscRequest) => {
  run(request).then(
    (value) => send({ kind: 'reply', id: request.id, value }),
    (error: unknown) =>
      send({
        kind: 'reply',
        id: request.id,
        error: isMadoguchiError(error)
          ? { code: error.code, message: error.message }
          : { message: error instanceof Error ? error.message : String(error) },
      }),
  );
});
// The parent going away (the bridge crashed or was killed) must not leave a reader holder behind. No close():
// that can join a status thread for ever (README); exiting lets pcscd release whatever this process held.
process.on('disconnect', () => {
  if (!closing) process.exit(0);
});
