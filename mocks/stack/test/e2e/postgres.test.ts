import { DEMO_PINS } from '@madoguchi/jpki-card';
import type { ServerExchange } from '../../src/front-proxy';
import { BrowserTv } from '../helpers/browser-tv';
import { describeStack } from '../helpers/describe-stack';
import { linkThroughBridge, operateThroughBridge } from '../helpers/bridge-client';
import {
  auditRecords,
  reinsertCard,
  staffGet,
  startTestStack,
  type TestStack,
} from '../helpers/in-process-stack';

/**
 * `madoguchi-stack start --postgres`: two auth-server instances on one local PostgreSQL behind one address, the rest
 * of the stack as ever. Logins work through it, both instances serve them (a challenge issued by one is consumed by
 * the other: they share the database), and the database going down and coming back loses nothing.
 */
jest.setTimeout(180_000);

const PIN = DEMO_PINS.auth;

describeStack('the stack on PostgreSQL, two auth-server instances behind one address', () => {
  let s: TestStack;
  const exchanges: ServerExchange[] = [];
  let logins = 0;

  beforeAll(async () => {
    s = await startTestStack({ postgres: true, onServerExchange: (e) => exchanges.push(e) });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const login = async () => {
    await reinsertCard(s);
    const result = await operateThroughBridge(s.bridgeUrl, s.tvOrigin, { serviceId: 'bosai', pin: PIN });
    if (result.type === 'login.done') logins += 1;
    return result;
  };

  it('runs PostgreSQL and two auth-server instances, one address in front', () => {
    expect(s.stack.parts).toEqual(
      expect.arrayContaining(['postgres', 'auth-server-1', 'auth-server-2', 'services', 'bridge']),
    );
    expect(s.stack.authInstances).toHaveLength(2);
  });

  it('a link and logins through the bridge, and a safety report from the TV, go through both instances', async () => {
    expect(await linkThroughBridge(s.bridgeUrl, s.tvOrigin, 'bosai', PIN)).toMatchObject({
      type: 'login.done',
    });
    for (let i = 0; i < 3; i++) expect(await login()).toMatchObject({ type: 'login.done' });

    await reinsertCard(s);
    const tv = await BrowserTv.open(s.stack.url);
    try {
      await tv.reportSafeAtHome(PIN);
      logins += 1;
    } finally {
      await tv.close();
    }

    const ports = s.stack.authInstances.map((url) => Number(new URL(url).port));
    expect(new Set(exchanges.map((e) => e.upstream))).toEqual(new Set(ports));
    // One database: an assertion accepted by one instance, sent again to the other, is already used there.
    const accepted = exchanges.find((e) => e.path === '/v1/assertions' && e.status === 200)!;
    const other = s.stack.authInstances.find((url) => Number(new URL(url).port) !== accepted.upstream)!;
    const { host: _host, ...headers } = accepted.requestHeaders;
    const replay = await fetch(`${other}/v1/assertions`, {
      method: 'POST',
      headers: headers as Record<string, string>,
      body: accepted.requestBody,
    });
    expect(await replay.json()).toMatchObject({ code: 'CHALLENGE_USED' });
  });

  // Both instances keep running while PostgreSQL is down (their pools drop the dead connections and reconnect).
  it('database down: the login is refused with a code, no PIN asked; back up, logins work and nothing is lost', async () => {
    await reinsertCard(s);
    await s.stack.stopPart('postgres');
    let pinAsked = false;
    try {
      const down = await operateThroughBridge(s.bridgeUrl, s.tvOrigin, {
        serviceId: 'bosai',
        pin: PIN,
        beforePin: async () => void (pinAsked = true),
      });
      expect(down).toMatchObject({ type: 'error', code: 'SERVER_UNREACHABLE' });
      expect(pinAsked).toBe(false);
    } finally {
      await s.stack.startPart('postgres');
    }
    expect(await login()).toMatchObject({ type: 'login.done' });

    const accepted = await auditRecords(s.stack, ['--service', 'bosai', '--outcome', 'accepted']);
    expect(accepted.filter((r) => r.action === 'link')).toHaveLength(1);
    expect(accepted.filter((r) => r.action === 'assertion')).toHaveLength(logins);
    const { reports } = await staffGet<{ reports: unknown[] }>(
      s.stack.staffToken,
      s.ports.disaster,
      '/staff/safety-reports',
    );
    expect(reports).toHaveLength(1);
  });
});
