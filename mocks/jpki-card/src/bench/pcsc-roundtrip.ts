/**
 * Child process of the APDU bench: times SELECTs through the real pcscd named by PCSCLITE_CSOCK_NAME, using the
 * `pcsclite` binding the bridge will use, and prints the samples (ms) as JSON. A child per stack, because
 * libpcsclite reads the socket name once per process.
 */
import { AID, encodeCommand, INS, SELECT_P1, SELECT_P2_NO_FCI } from '@madoguchi/protocol';

interface PcscReader {
  name: string;
  on(event: 'status', cb: (s: { state: number }) => void): void;
  connect(opts: { share_mode: number }, cb: (err: Error | null, protocol: number) => void): void;
  transmit(data: Buffer, len: number, protocol: number, cb: (err: Error | null, data: Buffer) => void): void;
  SCARD_SHARE_SHARED: number;
  SCARD_STATE_PRESENT: number;
}
interface Pcsc {
  on(event: 'reader', cb: (r: PcscReader) => void): void;
  close(): void;
}

const count = Number(process.argv[2] ?? 1000);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pcsc = (require('pcsclite') as () => Pcsc)();

const select = Buffer.from(
  encodeCommand({ cla: 0, ins: INS.SELECT, p1: SELECT_P1.BY_AID, p2: SELECT_P2_NO_FCI, data: AID.JPKI }),
);

pcsc.on('reader', (reader) => {
  if (!reader.name.startsWith('Virtual PCD 00 00')) return;
  let started = false;
  reader.on('status', (s) => {
    if (started || !(s.state & reader.SCARD_STATE_PRESENT)) return;
    started = true;
    clearTimeout(noCard);
    reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, async (err, protocol) => {
      if (err) throw err;
      const transmit = () =>
        new Promise<Buffer>((resolve, reject) =>
          reader.transmit(select, 258, protocol, (e, d) => (e ? reject(e) : resolve(d))),
        );
      for (let i = 0; i < 20; i++) await transmit(); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const t = process.hrtime.bigint();
        const r = await transmit();
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (r.readUInt16BE(r.length - 2) !== 0x9000) throw new Error('SELECT failed');
      }
      process.stdout.write(JSON.stringify(samples) + '\n');
      process.exit(0); // pcsclite does not let the process exit on its own (the bridge issue deals with that)
    });
  });
});
const noCard = setTimeout(() => {
  console.error('no card appeared in Virtual PCD 00 00 within 10 s');
  process.exit(1);
}, 10_000);
