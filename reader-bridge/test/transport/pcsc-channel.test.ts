import { PcscChannel } from '../../src/transport/pcsc-channel';
import type { PcscReaderHandle } from '../../src/transport/pcsc-binding';

/** What pcsclite's transmit is handed, and its answer. */
function handleSeeing(sent: Buffer[]): PcscReaderHandle {
  return {
    transmit: (
      data: Buffer,
      _max: number,
      _protocol: number,
      callback: (e: Error | null, r: Buffer) => void,
    ) => {
      sent.push(data);
      callback(null, Buffer.from([0x90, 0x00]));
    },
  } as unknown as PcscReaderHandle;
}

describe('PcscChannel', () => {
  it('hands pcsclite the command itself, so wiping the command (a VERIFY holds the PIN) wipes what it got', async () => {
    const sent: Buffer[] = [];
    const channel = new PcscChannel(handleSeeing(sent), 2, new Uint8Array([0x3b]));
    const verify = new Uint8Array([0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34]);
    expect(await channel.transmit(verify)).toEqual(new Uint8Array([0x90, 0x00]));
    expect([...sent[0]!]).toEqual([...verify]);
    verify.fill(0);
    expect([...sent[0]!]).toEqual(new Array(9).fill(0)); // a copy (Node's buffer pool) would still hold 1 2 3 4
  });
});
