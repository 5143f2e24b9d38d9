import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import type { ServerExchange } from '../../src/front-proxy';
import { freeLoopbackPorts } from '../../src/ports';
import { BrowserTv } from '../helpers/browser-tv';
import { describeStack } from '../helpers/describe-stack';
import { operateThroughBridge, waitForCardState } from '../helpers/bridge-client';
import {
  auditRecords,
  moveCard,
  reinsertCard,
  startTestStack,
  type TestStack,
} from '../helpers/in-process-stack';
import { pinFinder } from '../helpers/pin-forms';

/**
 * The counter's security promises on the real stack: the bridge talks only to the TV app's origin, an assertion
 * taken off the wire cannot be used again, and the PIN is in no log, no state file and no captured traffic of a run
 * with logins. The card used has a PIN no other digits here are likely to look like, issued for this run.
 */
jest.setTimeout(180_000);

const PIN = '8317';
const CARD = 'security-check';

describeStack('security of the whole counter', () => {
  let s: TestStack;
  const exchanges: ServerExchange[] = [];
  /** Every WebSocket frame between a TV (Chromium or this test) and the bridge. */
  const frames: { direction: 'to-bridge' | 'from-bridge'; text: string }[] = [];
  const record = (direction: 'to-bridge' | 'from-bridge', text: string) => frames.push({ direction, text });
  const findPin = pinFinder(PIN);

  beforeAll(async () => {
    s = await startTestStack({ onServerExchange: (e) => exchanges.push(e) });
    await moveCard(s.state, 'issue', CARD, '--auth-pin', PIN);
    await moveCard(s.state, 'swap', CARD);
    await waitForCardState(s.bridgeUrl, s.tvOrigin, 'present');
  });
  afterAll(async () => {
    await s?.stop();
  });

  describe('a page on a disallowed origin cannot talk to the bridge', () => {
    let other: Server;
    let otherUrl: string;
    beforeAll(async () => {
      const [port] = await freeLoopbackPorts(1);
      other = createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>x</p>'),
      );
      await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
      otherUrl = `http://127.0.0.1:${port}/`;
    });
    afterAll(() => new Promise((resolve) => other.close(resolve)));

    /** What `new WebSocket(bridge)` in the page at `url` comes to: 'open' or 'refused'. */
    const tryBridge = async (url: string) => {
      const page = await BrowserTv.open(url);
      try {
        return await page.page.evaluate(
          (bridge) =>
            new Promise<string>((resolve) => {
              // The browser's own WebSocket (the name WebSocket here is the ws package).
              const Browser = (globalThis as unknown as { WebSocket: typeof WebSocket }).WebSocket;
              const ws = new Browser(bridge);
              ws.onopen = () => (ws.close(), resolve('open'));
              ws.onerror = () => resolve('refused');
            }),
          s.bridgeUrl,
        );
      } finally {
        await page.close();
      }
    };

    it('real Chromium on another origin is refused; the TV app on its own origin connects', async () => {
      expect(await tryBridge(otherUrl)).toBe('refused');
      expect(await tryBridge(s.stack.url)).toBe('open');
    });

    it('the bridge answers a forged Origin with 403 before any WebSocket frame', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(s.bridgeUrl, { origin: 'http://evil.example' });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => reject(new Error('the bridge accepted a forged origin')));
        ws.on('error', () => undefined);
      });
      expect(status).toBe(403);
    });
  });

  it('logins with the PIN go through, recorded on every wire (bridge protocol and the TV)', async () => {
    const link = await operateThroughBridge(s.bridgeUrl, s.tvOrigin, {
      serviceId: 'bosai',
      purpose: 'link',
      pin: PIN,
      onFrame: record,
    });
    expect(link).toMatchObject({ type: 'login.done' });
    await reinsertCard(s);

    const tv = await BrowserTv.open(s.stack.url, { onFrame: record });
    try {
      await tv.reportSafeAtHome(PIN);
    } finally {
      await tv.close();
    }
    const assertions = exchanges.filter((e) => e.method === 'POST' && e.path === '/v1/assertions');
    expect(assertions.map((e) => e.status)).toContain(200);
  });

  it('an assertion captured on the wire and sent again is refused CHALLENGE_USED, and audited so', async () => {
    const captured = exchanges.find(
      (e) => e.method === 'POST' && e.path === '/v1/assertions' && e.status === 200,
    );
    expect(captured).toBeDefined();
    const { host: _host, ...headers } = captured!.requestHeaders;
    // Byte for byte as the bridge sent it, device signature headers included, straight to the server instance.
    const replay = await fetch(`${s.stack.authInstances[0]}/v1/assertions`, {
      method: 'POST',
      headers: headers as Record<string, string>,
      body: captured!.requestBody,
    });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'CHALLENGE_USED' });
    const refused = await auditRecords(s.stack, ['--code', 'CHALLENGE_USED']);
    expect(refused).toEqual([expect.objectContaining({ action: 'assertion', outcome: 'refused' })]);
  });

  it('the PIN is in no captured traffic but the TV→bridge pin.submit frames themselves', async () => {
    const submits = frames.filter((f) => f.direction === 'to-bridge' && f.text.includes('"pin.submit"'));
    expect(submits.length).toBeGreaterThanOrEqual(2); // the link and the TV's login
    // The finder works: on the VERIFY command as a wire dump or base64 would carry it, and on every frame that
    // carries the PIN.
    const verify = Buffer.concat([Buffer.from('0020008004', 'hex'), Buffer.from(PIN)]);
    expect(findPin(verify.toString('hex').replace(/../g, '$& '))).toContain('hex');
    expect(findPin(`{"apdu":"${verify.toString('base64')}"}`)).toContain('base64 of VERIFY data');
    for (const f of submits) expect(findPin(f.text)).toContain('pin field');
    const carriers = frames.filter((f) => findPin(f.text).length > 0);
    expect(carriers).toEqual(submits);

    expect(exchanges.length).toBeGreaterThan(0);
    const leaks = exchanges.flatMap((e) =>
      [JSON.stringify(e.requestHeaders), e.requestBody, e.responseBody].flatMap((part) =>
        findPin(part).map((form) => `${e.method} ${e.path}: ${form}`),
      ),
    );
    expect(leaks).toEqual([]);
  });

  it('the PIN is in no log and no state file (but the virtual card itself)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        const stat = lstatSync(file);
        if (stat.isDirectory()) walk(file);
        else if (stat.isFile()) files.push(file); // not the sockets and the pcscd link
      }
    };
    walk(s.state);
    // The card's own memory: the simulated chip holds its PIN, as a real card does.
    const card = s.stack.layout.sim.profile(CARD);
    const searched = files.filter((f) => f !== card);
    expect(searched.some((f) => f.startsWith(s.stack.layout.logs))).toBe(true);
    expect(searched.some((f) => f.startsWith(s.stack.layout.serverState))).toBe(true);
    // The finder works on the card's own file, which must hold it.
    expect(findPin(readFileSync(card))).toContain('pin field');
    const leaks = searched.flatMap((f) => findPin(readFileSync(f)).map((form) => `${f}: ${form}`));
    expect(leaks).toEqual([]);
  });
});
