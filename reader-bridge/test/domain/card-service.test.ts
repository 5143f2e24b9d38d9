import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_FACTS, simLayout } from '@madoguchi/jpki-card';
import { INS, toHex } from '@madoguchi/protocol';
import { CardService } from '../../src/domain/card-service';
import { PinSecret } from '../../src/domain/pin-secret';
import { cardsState, DEMO, newCard, recording } from '../helpers/cards';
import { FakeAuthority } from '../helpers/fake-authority';
import { InProcessReader } from '../helpers/in-process-reader';
import { scriptedIo } from '../helpers/scripted-io';

const run = promisify(execFile);
const request = { serviceId: 'gyosei', purpose: 'login' } as const;
const frozen = { now: () => new Date('2026-11-25T09:00:00Z') };

async function setup(profileName = 'valid') {
  const card = await newCard(profileName);
  const reader = new InProcessReader(card);
  const server = new FakeAuthority();
  const service = new CardService({ reader, server, clock: frozen });
  return { card, reader, server, service };
}

/** Tries left on the card right now (a fresh status read, which costs nothing). */
async function authTries(service: CardService): Promise<number> {
  return (await service.status(scriptedIo().io)).triesLeft.auth;
}

describe('login', () => {
  it('fetches the challenge first, asks the PIN once, signs and returns the tokens, in at most 8 APDUs', async () => {
    const { service, reader, card } = await setup();
    const rec = recording(reader.channel!);
    jest.spyOn(reader, 'connect').mockResolvedValue(rec.channel);
    const { io, steps, requests, secrets } = scriptedIo([{ pin: DEMO.auth }]);
    const { tokens } = await service.login(io, request);
    expect(tokens.tokenType).toBe('Bearer');
    expect(steps).toEqual(['challenge', 'reading', 'pin-check', 'signing', 'sending', 'done']);
    expect(requests).toEqual([{ pinKind: 'auth', triesLeft: 3, lastTry: false }]);
    expect(rec.commands.length).toBeLessThanOrEqual(8);
    expect(secrets.every((s) => s.wiped)).toBe(true);
    expect(card.myNumberSelects).toBe(0);
  });

  it('says SERVER_UNREACHABLE before touching the card or asking a PIN when the server is down', async () => {
    const { service, reader, server } = await setup();
    await new Promise((resolve) => setImmediate(resolve)); // let the insertion probe finish
    const connectsBefore = reader.connects;
    server.down = true;
    const { io, requests, steps } = scriptedIo([{ pin: DEMO.auth }]);
    await expect(service.login(io, request)).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
    expect(requests).toEqual([]);
    expect(steps).toEqual(['challenge']);
    expect(reader.connects).toBe(connectsBefore);
  });

  it('asks again after a wrong PIN with the tries left, never resending a PIN itself', async () => {
    const { service, reader } = await setup();
    const rec = recording(reader.channel!);
    jest.spyOn(reader, 'connect').mockResolvedValue(rec.channel);
    const { io, requests, secrets } = scriptedIo([{ pin: '9999' }, { pin: DEMO.auth }]);
    await service.login(io, request);
    expect(requests[1]).toEqual({ pinKind: 'auth', triesLeft: 2, lastTry: false, retryReason: 'PIN_WRONG' });
    expect(rec.commands.filter((c) => c[1] === INS.VERIFY && c.length > 4)).toHaveLength(2);
    expect(secrets.every((s) => s.wiped)).toBe(true);
  });

  it('on the last try sends the PIN only when the viewer confirmed it', async () => {
    const { service } = await setup('one-try-left');
    const { io, requests } = scriptedIo([{ pin: DEMO.auth }, { pin: DEMO.auth, confirmLastTry: true }]);
    await service.login(io, request);
    expect(requests.map((r) => [r.lastTry, r.retryReason])).toEqual([
      [true, undefined],
      [true, 'PIN_LAST_TRY_CONFIRM_REQUIRED'],
    ]);
  });

  it('does not spend the last try on an unconfirmed PIN, even when the viewer cancels afterwards', async () => {
    const { service } = await setup('one-try-left');
    const { io } = scriptedIo([{ pin: '0000' }, 'cancel']);
    await expect(service.login(io, request)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await authTries(service)).toBe(1);
  });

  it('asks again for a malformed PIN without using a try', async () => {
    const { service } = await setup();
    const { io, requests } = scriptedIo([{ pin: '12' }, 'cancel']);
    await expect(service.login(io, request)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(requests[1]?.retryReason).toBe('PIN_FORMAT');
    expect(await authTries(service)).toBe(3);
  });

  it('says PIN_BLOCKED without asking for a blocked PIN', async () => {
    const { service } = await setup('auth-pin-blocked');
    const { io, requests } = scriptedIo([]);
    await expect(service.login(io, request)).rejects.toMatchObject({ code: 'PIN_BLOCKED', triesLeft: 0 });
    expect(requests).toEqual([]);
  });

  it('refuses a second operation with BUSY while one waits for its PIN', async () => {
    const { service } = await setup();
    let answer!: (pin: string) => void;
    const first = scriptedIo();
    first.io.askPin = () =>
      new Promise((resolve) => {
        answer = (pin) =>
          resolve({
            pin: PinSecret.fromText(pin),
            confirmLastTry: false,
          });
      });
    const running = service.login(first.io, request);
    await new Promise((r) => setTimeout(r, 20));
    await expect(service.status(scriptedIo().io)).rejects.toMatchObject({ code: 'BUSY' });
    answer(DEMO.auth);
    await expect(running).resolves.toMatchObject({ tokens: { tokenType: 'Bearer' } });
    await expect(service.status(scriptedIo().io)).resolves.toBeDefined();
  });

  it('says CARD_REMOVED when the card is pulled mid-signature, and the next card starts clean', async () => {
    const { service, reader } = await setup('pulled-mid-signature');
    await expect(service.login(scriptedIo([{ pin: DEMO.auth }]).io, request)).rejects.toMatchObject({
      code: 'CARD_REMOVED',
    });
    await expect(service.login(scriptedIo([{ pin: DEMO.auth }]).io, request)).rejects.toMatchObject({
      code: 'CARD_ABSENT',
    });
    reader.insert(await newCard('valid'));
    await expect(service.login(scriptedIo([{ pin: DEMO.auth }]).io, request)).resolves.toMatchObject({
      tokens: { tokenType: 'Bearer' },
    });
  });

  it('says READER_MISSING with no reader, CARD_ABSENT with no card', async () => {
    const { service, reader } = await setup();
    reader.remove();
    await expect(service.status(scriptedIo().io)).rejects.toMatchObject({ code: 'CARD_ABSENT' });
    reader.detach();
    await expect(service.status(scriptedIo().io)).rejects.toMatchObject({ code: 'READER_MISSING' });
  });
});

describe('login to a service registered with sign assurance', () => {
  const SELECT_SIGN_CERT = '00 A4 02 0C 02 00 01';
  const signService = async (profileName = 'valid') => {
    const t = await setup(profileName);
    t.server.signServices.add('gyosei');
    return t;
  };

  it('asks the sign PIN, reads the sign certificate only after it, and logs in with the sign key', async () => {
    const { service, reader, server, card } = await signService();
    const rec = recording(reader.channel!);
    jest.spyOn(reader, 'connect').mockResolvedValue(rec.channel);
    const { io, steps, requests, secrets } = scriptedIo([{ pin: DEMO.sign }]);
    const { tokens } = await service.login(io, request);
    expect(tokens.acr).toBe('sign');
    expect(requests).toEqual([{ pinKind: 'sign', triesLeft: 5, lastTry: false }]);
    expect(steps).toEqual(['challenge', 'reading', 'pin-check', 'signing', 'sending', 'done']);
    const hexes = rec.commands.map((c) => toHex(c));
    const verifySign = hexes.findIndex((h) => h.startsWith('00 20 00 80') && h.split(' ').length > 4);
    expect(verifySign).toBeGreaterThan(-1);
    expect(hexes.indexOf(SELECT_SIGN_CERT)).toBeGreaterThan(verifySign);
    expect(hexes.some((h) => h === '00 A4 02 0C 02 00 0A')).toBe(false); // the auth certificate is not read
    const assertion = JSON.parse(server.bodies.at(-1)!) as { keyKind: string; certificate: string };
    expect(assertion.keyKind).toBe('sign');
    expect(new X509Certificate(Buffer.from(assertion.certificate, 'base64url')).issuer).toContain(
      'JPKI for digital signature',
    );
    expect(secrets.every((x) => x.wiped)).toBe(true);
    expect(card.myNumberSelects).toBe(0);
  });

  it('says CARD_NO_SIGN_CERT for a holder under 15 without asking a PIN', async () => {
    const { service } = await signService('under-15');
    const { io, requests } = scriptedIo([]);
    await expect(service.login(io, request)).rejects.toMatchObject({ code: 'CARD_NO_SIGN_CERT' });
    expect(requests).toEqual([]);
  });

  it('links with the sign PIN alone, the facts then coming from the sign certificate of the login itself', async () => {
    const { service, server } = await signService();
    const { io, requests } = scriptedIo([{ pin: DEMO.sign }]);
    const { tokens } = await service.login(io, {
      serviceId: 'gyosei',
      purpose: 'link',
      consent: { facts: ['name'], source: 'sign-cert' },
    });
    expect(tokens.acr).toBe('sign');
    expect(requests.map((r) => r.pinKind)).toEqual(['sign']);
    const body = JSON.parse(server.bodies.at(-1)!) as Record<string, unknown>;
    expect(body).toMatchObject({ keyKind: 'sign', consent: { facts: ['name'] } });
    expect(body.sign).toBeUndefined();
  });

  it('links with card-info facts: the card-info PIN, then the sign PIN', async () => {
    const { service } = await signService();
    const { io, requests } = scriptedIo([{ pin: DEMO.cardInfo }, { pin: DEMO.sign }]);
    await service.login(io, {
      serviceId: 'gyosei',
      purpose: 'link',
      consent: { facts: ['name'], source: 'card-info' },
    });
    expect(requests.map((r) => r.pinKind)).toEqual(['cardInfo', 'sign']);
  });
});

describe('sign a document', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-cms-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes CMS SignedData that openssl cms -verify accepts with the sign CA', async () => {
    const { service, card } = await setup();
    const document = Buffer.from('申請書: 転入届 2026-11-25\n');
    const { io, steps, requests } = scriptedIo([{ pin: DEMO.sign }]);
    const cms = await service.sign(io, document);
    expect(steps).toEqual(['reading', 'pin-check', 'signing', 'done']);
    expect(requests[0]).toMatchObject({ pinKind: 'sign', triesLeft: 5 });
    const file = path.join(dir, 'doc.p7m');
    await writeFile(file, cms);
    const ca = path.join(simLayout(cardsState()).ca, 'sign', 'g1', 'ca.pem');
    const out = await run('openssl', ['cms', '-verify', '-CAfile', ca, '-inform', 'DER', '-in', file]);
    expect(out.stdout).toBe(document.toString());
    expect(out.stderr).toMatch(/Verification successful/);
    expect(card.myNumberSelects).toBe(0);
  });

  it('fails openssl verification when the document was changed (the test can fail)', async () => {
    const { service } = await setup();
    const cms = Buffer.from(await service.sign(scriptedIo([{ pin: DEMO.sign }]).io, Buffer.from('original')));
    const at = cms.indexOf(Buffer.from('original'));
    cms.write('0', at);
    const file = path.join(dir, 'tampered.p7m');
    await writeFile(file, cms);
    const ca = path.join(simLayout(cardsState()).ca, 'sign', 'g1', 'ca.pem');
    await expect(
      run('openssl', ['cms', '-verify', '-CAfile', ca, '-inform', 'DER', '-in', file]),
    ).rejects.toThrow();
  });

  it('says CARD_NO_SIGN_CERT for a holder under 15, without asking a PIN', async () => {
    const { service } = await setup('under-15');
    const { io, requests } = scriptedIo([]);
    await expect(service.sign(io, Buffer.from('x'))).rejects.toMatchObject({ code: 'CARD_NO_SIGN_CERT' });
    expect(requests).toEqual([]);
  });
});

describe('card status and facts', () => {
  it('reports tries left for every PIN and the auth certificate dates, with no PIN', async () => {
    const { service } = await setup('one-try-left');
    const { io, requests } = scriptedIo();
    const status = await service.status(io);
    expect(requests).toEqual([]);
    expect(status.triesLeft).toEqual({ auth: 1, sign: 1, cardInfo: 1 });
    expect(status.hasSignCertificate).toBe(true);
    expect(Date.parse(status.authCertificate.notAfter)).toBeGreaterThan(Date.now());
  });

  it('reports no sign PIN for a holder under 15', async () => {
    const { service } = await setup('under-15');
    const status = await service.status(scriptedIo().io);
    expect(status.hasSignCertificate).toBe(false);
    expect(status.triesLeft).toEqual({ auth: 3, cardInfo: 3 });
  });

  it('reads the basic four with the card-info PIN', async () => {
    const { service, card } = await setup();
    const { io, requests } = scriptedIo([{ pin: DEMO.cardInfo }]);
    expect(await service.facts(io)).toEqual(DEMO_FACTS);
    expect(requests[0]).toMatchObject({ pinKind: 'cardInfo' });
    expect(card.myNumberSelects).toBe(0);
  });
});
