import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PINS } from '@madoguchi/jpki-card';
import { stackLayout } from '../../src/layout';
import { PORT_NAMES, type StackPorts } from '../../src/ports';
import { tcpOpen } from '../../src/processes';
import { BrowserTv } from '../helpers/browser-tv';
import { describeStack } from '../helpers/describe-stack';
import { linkThroughBridge } from '../helpers/bridge-client';
import { reinsertCard, staffGet } from '../helpers/in-process-stack';
import {
  alive,
  descendants,
  freePorts,
  startStackProcess,
  type StackProcess,
} from '../helpers/stack-process';

/**
 * The whole counter as `npm start` runs it — real Chromium, real bridge, real pcscd with the virtual card in its
 * reader, real auth-server and services — driven only by remote key presses. Needs root for pcscd; CI requires it.
 */
jest.setTimeout(180_000);

const KEY = { Enter: 13, Back: 8, Yellow: 405 };

describeStack('the whole counter, from the TV', () => {
  let state: string;
  let ports: StackPorts;
  let stack: StackProcess | undefined;
  let tv: BrowserTv | undefined;

  beforeAll(async () => {
    state = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-stack-e2e-'));
    ports = await freePorts();
    stack = await startStackProcess(state, ports);
  });
  afterEach(async () => {
    await tv?.close();
    tv = undefined;
  });
  afterAll(async () => {
    await stack?.stop('SIGTERM');
    rmSync(state, { recursive: true, force: true });
  });

  /** The services' staff token, which `npm start` writes beside their credentials. */
  const staffToken = () =>
    (JSON.parse(readFileSync(stackLayout(state).servicesCredentials, 'utf8')) as { staff: string }).staff;
  /** Where this stack's card and bridge are, for the shared card helpers. */
  const card = () => ({
    state,
    bridgeUrl: `ws://127.0.0.1:${ports.bridge}`,
    tvOrigin: `http://127.0.0.1:${ports.tv}`,
  });

  it('serves the TV app and its settings on 127.0.0.1 with every service same-origin', async () => {
    const settings = (await (await fetch(`${stack!.url}settings.json`)).json()) as Record<string, unknown>;
    expect(settings).toMatchObject({
      bridgeUrl: `ws://127.0.0.1:${ports.bridge}`,
      authServerUrl: `http://127.0.0.1:${ports.tv}/auth`,
      services: { disaster: { serviceId: 'bosai', url: `http://127.0.0.1:${ports.tv}/svc/disaster` } },
    });
    const info = await fetch(`${stack!.url}auth/v1/services/bosai`);
    expect(await info.json()).toMatchObject({ id: 'bosai', recentLoginSeconds: 1800 });
  });

  it('a linked resident reports "safe at home" from Home in ≤ 10 key presses, stored by the disaster service', async () => {
    // The link (consent with no fact released) goes through the bridge's own protocol, as the TV's consent screen sends it.
    const linked = await linkThroughBridge(
      `ws://127.0.0.1:${ports.bridge}`,
      `http://127.0.0.1:${ports.tv}`,
      'bosai',
      DEMO_PINS.auth,
    );
    expect(linked).toMatchObject({ type: 'login.done' });
    await reinsertCard(card()); // a fresh insertion: this report must ask for the PIN

    tv = await BrowserTv.open(stack!.url);
    await tv.reportSafeAtHome(DEMO_PINS.auth); // 防災, the 4 digits, 無事です, 自宅

    expect(tv.keyPresses).toBeLessThanOrEqual(10);
    const { reports } = await staffGet<{ reports: { status: string; place: string }[] }>(
      staffToken(),
      ports.disaster,
      '/staff/safety-reports',
    );
    expect(reports).toEqual([expect.objectContaining({ status: 'safe', place: 'home' })]);
    expect((await tv.spoken()).some((s) => s.text.includes(DEMO_PINS.auth))).toBe(false);
  });

  it('a second safety report soon after needs no PIN: the bridge reuses the recent login the service allows', async () => {
    tv = await BrowserTv.open(stack!.url);
    await tv.reportSafeAtHome(); // no PIN: it would stop at the PIN screen
    expect((await tv.spoken()).some((s) => s.text.includes('暗証番号を入れてください'))).toBe(false);
  });

  it('a wrong PIN is checked by the real card and the TV says how many tries are left', async () => {
    await reinsertCard(card());
    tv = await BrowserTv.open(stack!.url);
    await tv.waitForSpeech('どれを使いますか');
    await tv.press(KEY.Enter);
    await tv.waitForSpeech('暗証番号を入れてください');
    await tv.typeDigits('9999');
    const wrong = await tv.waitForSpeech('暗証番号が違います', 30_000);
    expect(wrong.text).toContain('あと2回');
    // The right PIN resets the counter, so the demo card is left as it was.
    await tv.typeDigits(DEMO_PINS.auth);
    await tv.waitForSpeech('いま、どうしていますか', 30_000);
  });

  it('first use from Home: the hospital asks consent before any PIN, then the card-info and auth PINs link it', async () => {
    await reinsertCard(card());
    tv = await BrowserTv.open(stack!.url);
    await tv.waitForSpeech('どれを使いますか');
    await tv.press(KEY.Yellow); // 病院, never linked: refused at the challenge, before any PIN
    const consent = await tv.waitForSpeech('情報を渡してよいですか', 30_000);
    expect(consent.text).toContain('渡す情報：氏名・生年月日・性別');
    expect((await tv.spoken()).some((s) => s.text.includes('暗証番号を入れてください'))).toBe(false);
    await tv.press(KEY.Enter); // 同意する
    await tv.waitForSpeech('名前や住所を読むための暗証番号を入れてください', 30_000);
    await tv.typeDigits(DEMO_PINS.cardInfo);
    await tv.waitForSpeech('暗証番号を入れてください', 30_000);
    await tv.typeDigits(DEMO_PINS.auth);
    const done = await tv.waitForSpeech('受付しました', 30_000);
    expect(done.text).toContain('P-000123');
    // Two PIN screens in all (one per PIN the link needs), and the hospital holds the link with card-info facts.
    const pinScreens = (await tv.spoken()).filter((s) => s.text.includes('暗証番号を入れてください'));
    expect(pinScreens).toHaveLength(2);
    const { patients } = (await staffGet(staffToken(), ports.hospital, '/staff/patients')) as {
      patients: { patientNumber: string; subject: string | null; factsSource: string | null }[];
    };
    expect(patients.find((p) => p.patientNumber === 'P-000123')).toMatchObject({
      subject: expect.any(String),
      factsSource: 'card-info',
    });
  });

  it('Ctrl-C (SIGINT to its process group) stops everything: no process, namespace, socket or port is left behind', async () => {
    const pid = stack!.child.pid!;
    const below = descendants(pid);
    expect(below.length).toBeGreaterThanOrEqual(5); // pcscd, card, auth-server, services, bridge
    const socket = stackLayout(state).pcscdSocket; // where PC/SC clients find the private pcscd
    expect(existsSync(socket)).toBe(true);

    expect(await stack!.stop('SIGINT')).toBe(0);
    expect(stack!.output()).toContain('Stopped:');
    expect(below.filter(alive)).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list']).toString()).not.toContain(`madoguchi-${pid}-`);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(stackLayout(state).cardControl)).toBe(false);
    for (const name of PORT_NAMES) expect([name, await tcpOpen(ports[name])()]).toEqual([name, false]);
  });
});
