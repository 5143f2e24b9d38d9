import net from 'node:net';
import { hex, MadoguchiError } from '@madoguchi/protocol';
import { FrameReader, frame, VPCD_CONTROL } from '../../src/transport/vpcd-frame';
import { parseVpcdEndpoint, VpcdClient, type VpcdCard } from '../../src/transport/vpcd-client';

/** A stand-in for pcscd's vpcd side: accepts the card's connection and lets the test send it frames. */
async function fakeVpcd() {
  const frames: Buffer[] = [];
  let socket: net.Socket | undefined;
  const reader = new FrameReader();
  const server = net.createServer((s) => {
    socket = s;
    s.on('data', (chunk) => frames.push(...reader.push(chunk)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const next = async (): Promise<Buffer> => {
    const until = Date.now() + 2000;
    while (frames.length === 0) {
      if (Date.now() > until) throw new Error('no frame');
      await new Promise((r) => setTimeout(r, 5));
    }
    return frames.shift()!;
  };
  return {
    port,
    send: (payload: Uint8Array) => socket!.write(frame(payload)),
    next,
    connected: () => socket !== undefined && !socket.destroyed,
    closed: () => new Promise<void>((r) => (socket!.destroyed ? r() : socket!.once('close', () => r()))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const card = (over: Partial<VpcdCard> = {}): VpcdCard & { resets: number } => {
  const c = {
    atr: hex('3B 88 80 01'),
    resets: 0,
    transmit: async (cmd: Uint8Array) => Uint8Array.of(cmd[1]!, 0x90, 0x00),
    reset() {
      c.resets += 1;
    },
    ...over,
  };
  return c;
};

describe('vpcd framing', () => {
  it('splits frames across and within chunks', () => {
    const r = new FrameReader();
    const bytes = Buffer.concat([frame(hex('01')), frame(hex('00 A4 04 0C'))]);
    expect(r.push(bytes.subarray(0, 4))).toEqual([Buffer.from([1])]);
    expect(r.push(bytes.subarray(4))).toEqual([Buffer.from(hex('00 A4 04 0C'))]);
  });
  it('refuses a payload longer than the length field allows', () => {
    expect(() => frame(new Uint8Array(0x10000))).toThrow(RangeError);
  });
  it.each([
    ['127.0.0.1:35963', { host: '127.0.0.1', port: 35963 }],
    ['localhost', { host: 'localhost', port: 35963 }],
    ['[::1]:40000', { host: '::1', port: 40000 }],
  ])('parses --vpcd %s', (text, want) => expect(parseVpcdEndpoint(text)).toEqual(want));
  it.each(['', ':1', 'host:0', 'host:99999'])('refuses --vpcd %j', (text) => {
    expect(() => parseVpcdEndpoint(text)).toThrow(/HOST:PORT/);
  });
});

describe('VpcdClient', () => {
  it('answers ATR requests, resets and APDUs as the card', async () => {
    const vpcd = await fakeVpcd();
    const c = card();
    const client = new VpcdClient(c, { host: '127.0.0.1', port: vpcd.port });
    await client.insert();
    vpcd.send(Uint8Array.of(VPCD_CONTROL.POWER_ON));
    vpcd.send(Uint8Array.of(VPCD_CONTROL.ATR));
    expect(await vpcd.next()).toEqual(Buffer.from(hex('3B 88 80 01')));
    vpcd.send(Uint8Array.of(VPCD_CONTROL.RESET));
    vpcd.send(hex('00 B0 00 00 04'));
    expect(await vpcd.next()).toEqual(Buffer.from(hex('B0 90 00')));
    expect(c.resets).toBe(1);
    await client.remove();
    await vpcd.close();
  });

  it('leaves the reader when the card faults mid-command, and stays out', async () => {
    const vpcd = await fakeVpcd();
    const faults: Error[] = [];
    const c = card({
      transmit: async () => {
        throw new MadoguchiError('CARD_REMOVED', 'pulled');
      },
    });
    const client = new VpcdClient(
      c,
      { host: '127.0.0.1', port: vpcd.port },
      { reconnect: true, retryMs: 10 },
    );
    client.on('fault', (e: Error) => faults.push(e));
    await client.insert();
    vpcd.send(hex('80 2A 00 80 01 00 00'));
    await vpcd.closed();
    await new Promise((r) => setTimeout(r, 50));
    expect(faults).toHaveLength(1);
    expect(client.inserted).toBe(false);
    await vpcd.close();
  });

  it('rejects an insert when no reader listens, unless asked to keep trying', async () => {
    const vpcd = await fakeVpcd();
    await vpcd.close();
    const client = new VpcdClient(card(), { host: '127.0.0.1', port: vpcd.port });
    await expect(client.insert()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('VpcdClient.pullAt', () => {
  it('leaves the reader as the armed APDU arrives, unanswered, and the card never sees it', async () => {
    const vpcd = await fakeVpcd();
    const seen: string[] = [];
    const c = card({
      transmit: async (cmd: Uint8Array) => {
        seen.push(Buffer.from(cmd).toString('hex'));
        return Uint8Array.of(0x90, 0x00);
      },
    });
    const client = new VpcdClient(c, { host: '127.0.0.1', port: vpcd.port });
    const faults: Error[] = [];
    client.on('fault', (e: Error) => faults.push(e));
    await client.insert();
    client.pullAt(2);
    vpcd.send(hex('00 A4 04 0C 01 01'));
    expect(await vpcd.next()).toEqual(Buffer.from(hex('90 00')));
    vpcd.send(hex('00 20 00 80 04 31 32 33 34'));
    await vpcd.closed();
    expect(client.inserted).toBe(false);
    expect(seen).toEqual(['00a4040c0101']); // the VERIFY never reached the card: no PIN try spent
    expect(faults).toHaveLength(1);
    await vpcd.close();
  });

  it('refuses a count that is not a whole number ≥ 1', () => {
    const client = new VpcdClient(card(), { host: '127.0.0.1', port: 1 });
    expect(() => client.pullAt(0)).toThrow(RangeError);
    expect(() => client.pullAt(1.5)).toThrow(RangeError);
  });
});
