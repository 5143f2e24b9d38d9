/**
 * Each service's flow end to end, as the TV runs it: protocol messages to the real reader-bridge, which reads the
 * virtual card in its reader and talks to the real auth-server as an enrolled box; then the service's own HTTP API
 * with the token the bridge handed back. What the holder, the services and the server's audit end up with is
 * checked after each: nothing lost, nothing extra shared.
 */
import path from 'node:path';
import { decodeJwt } from 'jose';
import { DEMO_PINS, simLayout } from '@madoguchi/jpki-card';
import type { LinkConsent } from '@madoguchi/protocol';
import { opensslVerifies } from '../../../../auth-server/test/helpers/cms';
import { buildPki, NOW, type TestPki } from '../../../../auth-server/test/helpers/fixture';
import { pinFinder } from '../../../stack/test/helpers/pin-forms';
import { call, STAFF_TOKEN } from '../helpers/world';
import {
  cmsOf,
  CONSENT,
  decision,
  linksOf,
  startBridgeWorld,
  tokensOf,
  type BridgeWorld,
} from './bridge-world';

jest.setTimeout(30_000);

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 120_000);
afterAll(() => pki.cleanup());

let world: BridgeWorld;
beforeEach(async () => {
  world = await startBridgeWorld(pki);
});
afterEach(() => world.close());

const valid = () => pki.profile('valid');
const HOUR = 3_600_000;

/** The forms (pinFinder's) in which the card-info and auth PINs appear in the bridge's log: none is expected. */
function pinsLogged(): string[] {
  expect(world.logs.length).toBeGreaterThan(0); // an empty log would find nothing
  const logged = world.logs.join('');
  return (['cardInfo', 'auth'] as const).flatMap((kind) =>
    pinFinder(DEMO_PINS[kind])(logged).map((form) => `${kind} PIN as ${form}`),
  );
}

/**
 * A first use as tv-app runs it: the login is refused LINK_REQUIRED before any PIN, the viewer agrees, the card
 * links — the link's PINs are the only ones typed.
 */
async function firstUse(serviceId: string, consent: LinkConsent) {
  const refused = await world.viewer.login(serviceId);
  expect(refused).toMatchObject({ message: { type: 'error', code: 'LINK_REQUIRED' }, asked: [] });
  return world.viewer.link(serviceId, consent);
}

describe('行政 city hall: 住民票の写し by a signed application', () => {
  const APPLICATION = {
    kind: 'residence-certificate-copy',
    scope: 'self',
    copies: 1,
    purpose: '年金の手続き',
  };
  // What tv-app signs: the application object as JSON, UTF-8.
  const document = Buffer.from(JSON.stringify(APPLICATION), 'utf8');
  const signCaPem = () => path.join(simLayout(pki.dir).ca, 'sign', 'g1', 'ca.pem');

  it('links by the signature certificate, signs on the card through the bridge, and the city keeps it verified', async () => {
    const card = valid();
    const inserted = await world.insert(card);
    const linked = await firstUse('gyosei', CONSENT['city-hall']);
    expect(linked.asked).toEqual(['sign', 'auth']);
    const tokens = tokensOf(linked);
    expect(decodeJwt(tokens.idToken)).toMatchObject({ facts_source: 'sign-cert' });

    const signed = await world.viewer.sign(document);
    expect(signed.asked).toEqual(['sign']);
    const cms = cmsOf(signed);
    const sent = await call(world, 'city-hall', 'POST', '/tv/applications', tokens.accessToken, {
      cms: cms.toString('base64url'),
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ application: APPLICATION, signedAt: NOW.toISOString() });

    // The standard tool agrees with the platform: the bridge's CMS verifies against the test sign CA…
    expect(opensslVerifies(cms, signCaPem(), NOW)).toBe(true);
    // …and neither accepts it once one byte of the document changes.
    const tampered = Buffer.from(cms);
    tampered[tampered.indexOf(document) + document.indexOf('年金')]! ^= 0x01;
    expect(opensslVerifies(tampered, signCaPem(), NOW)).toBe(false);
    const refused = await call(world, 'city-hall', 'POST', '/tv/applications', tokens.accessToken, {
      cms: tampered.toString('base64url'),
    });
    expect([refused.status, refused.body.code]).toEqual([401, 'SIGNATURE_INVALID']);

    // The city keeps the one verified application, with the applicant J-LIS vouches for.
    const kept = await call(world, 'city-hall', 'GET', '/staff/applications', STAFF_TOKEN);
    const { name, address } = card.cardInfo.basicFour;
    expect(kept.body.applications).toEqual([
      expect.objectContaining({
        applicationId: sent.body.applicationId,
        application: APPLICATION,
        verdict: {
          valid: true,
          code: null,
          checks: { signature: true, chain: true, atSigningTime: true, now: true },
        },
        applicant: { name, address },
      }),
    ]);
    // The holder sees the one link, what it released and from where.
    expect(linksOf(await world.viewer.links())).toEqual([
      expect.objectContaining({
        serviceId: 'gyosei',
        status: 'active',
        factsShared: expect.arrayContaining(CONSENT['city-hall'].facts),
        factsSource: 'sign-cert',
      }),
    ]);
    const verdicts = (await world.audit()).filter((r) => r.action === 'verify-signature').map(decision);
    expect(verdicts).toEqual([
      'verify-signature accepted gyosei -',
      'verify-signature refused gyosei SIGNATURE_INVALID',
    ]);
    expect(inserted.myNumberSelects).toBe(0);
    // The box keeps neither the PIN nor the facts it read on their way to the auth-server.
    expect(world.logs.length).toBeGreaterThan(0);
    const logged = world.logs.join('');
    for (const secret of [DEMO_PINS.sign, name, address]) expect(logged).not.toContain(secret);
  });
});

describe('防災 disaster safety', () => {
  it('reports on a login that needs no new PIN within 30 minutes; the city lists the latest report', async () => {
    await world.insert(valid());
    const linked = await firstUse('bosai', CONSENT.disaster);
    expect(linked.asked).toEqual(['auth']);
    const first = tokensOf(linked);
    expect(decodeJwt(first.idToken)).not.toHaveProperty('name');
    const shelters = await call(world, 'disaster', 'GET', '/tv/shelters', first.accessToken);
    expect(shelters.body.shelters).toContainEqual({ id: 'hiwasa-es', name: '日和佐小学校' });
    const help = await call(world, 'disaster', 'POST', '/tv/safety-reports', first.accessToken, {
      status: 'help',
      place: 'home',
    });
    expect(help.status).toBe(201);

    world.server.clock.advance(20 * 60_000);
    const again = await world.viewer.login('bosai');
    expect(again).toMatchObject({ message: { type: 'login.done', reused: true }, asked: [] });
    const safe = await call(world, 'disaster', 'POST', '/tv/safety-reports', tokensOf(again).accessToken, {
      status: 'safe',
      place: 'hiwasa-es',
    });
    expect(safe.body).toMatchObject({ status: 'safe', place: 'hiwasa-es', placeName: '日和佐小学校' });
    const list = await call(world, 'disaster', 'GET', '/staff/safety-reports', STAFF_TOKEN);
    expect(list.body.reports).toEqual([safe.body]);

    // Past the 30 minutes the service allows, the PIN is asked again.
    world.server.clock.advance(11 * 60_000);
    const late = await world.viewer.login('bosai');
    expect(late).toMatchObject({ message: { type: 'login.done' }, asked: ['auth'] });
    expect((await world.audit()).filter((r) => r.action === 'reuse').map(decision)).toEqual([
      'reuse accepted bosai -',
      'reuse refused bosai FRESH_LOGIN_REQUIRED',
    ]);
  });
});

describe('病院 hospital', () => {
  it('links the card to the patient record by the facts with consent; each later visit checks in with the PIN', async () => {
    const card = valid();
    const inserted = await world.insert(card);
    const linked = await firstUse('byoin', CONSENT.hospital);
    expect(linked.asked).toEqual(['cardInfo', 'auth']);
    const { accessToken, idToken } = tokensOf(linked);
    const claims = decodeJwt(idToken);
    expect(claims).toMatchObject({ facts_source: 'card-info', name: card.cardInfo.basicFour.name });
    expect(claims).not.toHaveProperty('address');
    // tv-app's first visit: the link's ID token to the hospital, then the check-in.
    const patient = await call(world, 'hospital', 'POST', '/tv/patient-links', accessToken, { idToken });
    expect(patient.body).toEqual({ patientNumber: 'P-000123', relinked: false });
    const queue = [(await call(world, 'hospital', 'POST', '/tv/check-ins', accessToken, {})).body];

    world.server.clock.advance(HOUR);
    const visit = await world.viewer.login('byoin');
    // The hospital allows no reuse: the PIN every visit.
    expect(visit.asked).toEqual(['auth']);
    queue.push(
      (await call(world, 'hospital', 'POST', '/tv/check-ins', tokensOf(visit).accessToken, {})).body,
    );
    expect(queue).toEqual([{ queueNumber: 1 }, { queueNumber: 2 }]);

    const patients = (await call(world, 'hospital', 'GET', '/staff/patients', STAFF_TOKEN)).body.patients;
    expect(patients).toEqual([
      expect.objectContaining({ patientNumber: 'P-000123', subject: claims.sub, factsSource: 'card-info' }),
    ]);
    expect(linksOf(await world.viewer.links())).toEqual([
      expect.objectContaining({
        serviceId: 'byoin',
        factsShared: ['name', 'dateOfBirth', 'sex'],
        factsSource: 'card-info',
      }),
    ]);
    expect(inserted.myNumberSelects).toBe(0);
    expect(pinsLogged()).toEqual([]);
  });
});

describe('交通 transport', () => {
  it('issues the 敬老パス on the date of birth alone, shows it on a later visit, and a bus terminal checks it', async () => {
    await world.insert(valid());
    const linked = await firstUse('kotsu', CONSENT.transport);
    expect(linked.asked).toEqual(['cardInfo', 'auth']);
    const { accessToken, idToken } = tokensOf(linked);
    const claims = decodeJwt(idToken);
    expect(claims.birthdate).toBe('1944-03-15');
    for (const other of ['name', 'address', 'gender']) expect(claims).not.toHaveProperty(other);
    const issued = await call(world, 'transport', 'POST', '/tv/bus-pass', accessToken, { idToken });
    expect(issued.body).toEqual({ passId: expect.any(String), validUntil: '2027-02-28' });

    world.server.clock.advance(HOUR);
    const visit = await world.viewer.login('kotsu');
    expect(visit.asked).toEqual(['auth']);
    const shown = await call(world, 'transport', 'GET', '/tv/bus-pass', tokensOf(visit).accessToken);
    expect(shown.body).toEqual(issued.body);
    expect((await call(world, 'transport', 'GET', `/terminal/passes/${issued.body.passId}`)).body).toEqual({
      valid: true,
      validUntil: '2027-02-28',
      code: null,
    });
    // It keeps the decision, never the date of birth.
    const kept = JSON.stringify(world.running.services.transport.store.collection('passes').list());
    expect(kept).not.toMatch(/1944|birth/);
    expect(linksOf(await world.viewer.links())).toEqual([
      expect.objectContaining({ serviceId: 'kotsu', factsShared: ['dateOfBirth'], factsSource: 'card-info' }),
    ]);
    expect(pinsLogged()).toEqual([]);
  });
});
