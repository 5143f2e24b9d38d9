/**
 * The card's life through the real reader-bridge and the virtual card: consent refused, a link removed by the
 * holder, a suspended holder, a renewed card and a name change. Each drives the bridge as the TV does and then checks
 * what the services, the holder and the server's audit end up with.
 */
import { readFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { openCa, type TestCa } from '@madoguchi/jpki-ca';
import { simLayout, type CardProfile } from '@madoguchi/jpki-card';
import { parseSerialList } from '@madoguchi/protocol';
import { importSerialList } from '../../../../auth-server/src/domain/import-serial-list';
import { buildPki, NOW, type TestPki } from '../../../../auth-server/test/helpers/fixture';
import { call, cardWith, holderIdOf, operator, STAFF_TOKEN } from '../helpers/world';
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
let ca: TestCa;
beforeAll(async () => {
  pki = await buildPki();
  ca = await openCa(simLayout(pki.dir).ca);
}, 120_000);
afterAll(() => pki.cleanup());

let world: BridgeWorld;
beforeEach(async () => {
  world = await startBridgeWorld(pki);
});
afterEach(() => world.close());

const valid = () => pki.profile('valid');
const HOUR = 3_600_000;
const APPLICATION = { kind: 'residence-certificate-copy', scope: 'self', copies: 1, purpose: '年金の手続き' };

/** Everything the four services keep, as their staff (and the bus terminals' store) see it. */
async function servicesHold() {
  const staff = (name: 'city-hall' | 'disaster' | 'hospital', route: string) =>
    call(world, name, 'GET', route, STAFF_TOKEN).then((r) => r.body);
  return {
    applications: (await staff('city-hall', '/staff/applications')).applications,
    reports: (await staff('disaster', '/staff/safety-reports')).reports,
    linkedPatients: (await staff('hospital', '/staff/patients')).patients.filter(
      (p: { subject: string | null }) => p.subject !== null,
    ),
    passes: world.running.services.transport.store.collection('passes').list(),
  };
}

/** The first visits to the hospital (patient record) and the bus pass, through the bridge as tv-app runs them. */
async function visitHospitalAndBusPass() {
  const byoin = tokensOf(await world.viewer.link('byoin', CONSENT.hospital));
  const patient = await call(world, 'hospital', 'POST', '/tv/patient-links', byoin.accessToken, {
    idToken: byoin.idToken,
  });
  expect(patient.body).toEqual({ patientNumber: 'P-000123', relinked: false });
  const kotsu = tokensOf(await world.viewer.link('kotsu', CONSENT.transport));
  const pass = await call(world, 'transport', 'POST', '/tv/bus-pass', kotsu.accessToken, {
    idToken: kotsu.idToken,
  });
  expect(pass.status).toBe(200);
  return { byoin, kotsu, passId: pass.body.passId as string };
}

/** The city hall's first use and one signed application (sign PIN), through the bridge. */
async function applyAtCityHall() {
  const gyosei = tokensOf(await world.viewer.link('gyosei', CONSENT['city-hall']));
  const cms = cmsOf(await world.viewer.sign(Buffer.from(JSON.stringify(APPLICATION))));
  const sent = await call(world, 'city-hall', 'POST', '/tv/applications', gyosei.accessToken, {
    cms: cms.toString('base64url'),
  });
  expect(sent.status).toBe(201);
  return gyosei;
}

const checkIn = async () => {
  const visit = tokensOf(await world.viewer.login('byoin'));
  return call(world, 'hospital', 'POST', '/tv/check-ins', visit.accessToken, {});
};

describe('consent refused', () => {
  it('nothing shared, nothing linked: no service holds anything and the holder has no link', async () => {
    await world.insert(valid());
    // The first login to each service is refused before any PIN (the server judged the card's certificate with the
    // challenge request); on the consent screen the viewer says 「同意しない」, so the TV sends the bridge nothing more.
    for (const serviceId of ['gyosei', 'bosai', 'byoin', 'kotsu']) {
      expect(await world.viewer.login(serviceId)).toMatchObject({
        message: { type: 'error', code: 'LINK_REQUIRED' },
        asked: [],
      });
    }
    // Agreeing on the screen, then pressing Back at the card-info PIN, is a refusal too: nothing is sent.
    const backed = await world.viewer.link('byoin', CONSENT.hospital, 'cardInfo');
    expect(backed).toMatchObject({ message: { type: 'error', code: 'CANCELLED' }, asked: ['cardInfo'] });

    expect(await servicesHold()).toEqual({ applications: [], reports: [], linkedPatients: [], passes: [] });
    expect(linksOf(await world.viewer.links())).toEqual([]);
    const audit = (await world.audit()).map(decision);
    expect(audit.filter((d) => d.startsWith('link '))).toEqual([]);
    expect(audit.filter((d) => d.includes(' refused '))).toEqual([
      'challenge refused gyosei LINK_REQUIRED',
      'challenge refused bosai LINK_REQUIRED',
      'challenge refused byoin LINK_REQUIRED',
      'challenge refused kotsu LINK_REQUIRED',
    ]);
  });
});

describe('a link removed by the holder', () => {
  it('links.remove through the bridge: the service loses access at once, the other links stay', async () => {
    await world.insert(valid());
    const { kotsu, passId } = await visitHospitalAndBusPass();
    expect(linksOf(await world.viewer.links()).map((l) => l.serviceId)).toEqual(
      expect.arrayContaining(['byoin', 'kotsu']),
    );
    // The holder token from the listing is reused: removing needs no second PIN.
    const removed = await world.viewer.removeLink('kotsu');
    expect(removed.asked).toEqual([]);
    expect(linksOf(removed).map((l) => l.serviceId)).toEqual(['byoin']);

    const shown = await call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.accessToken);
    expect([shown.status, shown.body.code]).toEqual([403, 'LINK_REQUIRED']);
    expect((await call(world, 'transport', 'GET', `/terminal/passes/${passId}`)).body).toMatchObject({
      valid: false,
      code: 'LINK_REQUIRED',
    });
    // Using the bus service again needs the viewer's consent again.
    expect((await world.viewer.login('kotsu')).message).toMatchObject({
      type: 'error',
      code: 'LINK_REQUIRED',
    });
    // The hospital's link was not touched.
    world.server.clock.advance(HOUR);
    expect((await checkIn()).body).toEqual({ queueNumber: 1 });
    expect((await world.audit()).filter((r) => r.action === 'unlink').map(decision)).toEqual([
      'unlink accepted kotsu -',
    ]);
  });
});

describe('a suspended holder (lost card)', () => {
  it('every service refuses with HOLDER_SUSPENDED, so does the bridge; the links are kept for the reactivation', async () => {
    const card = valid();
    await world.insert(card);
    const gyosei = await applyAtCityHall();
    const bosai = tokensOf(await world.viewer.link('bosai', CONSENT.disaster));
    const { byoin, kotsu, passId } = await visitHospitalAndBusPass();
    const before = await servicesHold();

    const holderId = await holderIdOf(world, card);
    expect((await operator(world, 'POST', `/v1/admin/holders/${holderId}/suspend`)).json().status).toBe(
      'suspended',
    );
    const answers = [
      await call(world, 'city-hall', 'GET', '/tv/applications', gyosei.accessToken),
      await call(world, 'disaster', 'POST', '/tv/safety-reports', bosai.accessToken, {
        status: 'safe',
        place: 'home',
      }),
      await call(world, 'hospital', 'POST', '/tv/check-ins', byoin.accessToken, {}),
      await call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.accessToken),
      await call(world, 'transport', 'GET', `/terminal/passes/${passId}`),
    ];
    expect(answers.map((a) => a.body.code)).toEqual(Array(5).fill('HOLDER_SUSPENDED'));
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual(Array(4).fill(403));
    // At the TV: a new login, a reuse of the recent one (防災), and the holder's own view all say why.
    for (const serviceId of ['byoin', 'bosai']) {
      expect((await world.viewer.login(serviceId)).message).toMatchObject({
        type: 'error',
        code: 'HOLDER_SUSPENDED',
      });
    }
    expect((await world.viewer.links()).message).toMatchObject({ type: 'error', code: 'HOLDER_SUSPENDED' });
    expect(await servicesHold()).toEqual(before);

    // Found again: the operator reactivates, every link is still there and works with a new PIN login.
    const reactivated = (await operator(world, 'POST', `/v1/admin/holders/${holderId}/reactivate`)).json();
    expect(reactivated.links.map((l: { serviceId: string }) => l.serviceId).sort()).toEqual([
      'bosai',
      'byoin',
      'gyosei',
      'kotsu',
    ]);
    world.server.clock.advance(HOUR);
    expect((await checkIn()).body).toEqual({ queueNumber: 1 });
    const audit = (await world.audit()).map(decision);
    expect(audit).toEqual(expect.arrayContaining(['suspend accepted - -', 'reactivate accepted - -']));
  });
});

describe('a renewed card', () => {
  it('joins the same holder through the serial list: the new card in the reader finds every link and record', async () => {
    const first = await ca.issue('auth', { facts: valid().cardInfo.basicFour, now: NOW });
    const oldCard = cardWith(valid(), 'auth', first);
    await world.insert(oldCard);
    const { byoin, passId } = await visitHospitalAndBusPass();
    const linkedBefore = linksOf(await world.viewer.links());

    // J-LIS renews the card; the operator imports the old→new serial list; the holder puts the new card in.
    const renewed = await ca.renew('auth', first.serial, { now: NOW });
    await importSerialList(world.server.deps.store, parseSerialList(readFileSync(ca.serialListPath, 'utf8')));
    await world.insert(cardWith(valid(), 'auth', renewed));

    world.server.clock.advance(HOUR);
    const kotsu = tokensOf(await world.viewer.login('kotsu'));
    expect((await call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.accessToken)).body.passId).toBe(
      passId,
    );
    const visit = tokensOf(await world.viewer.login('byoin'));
    expect(decodeJwt(visit.idToken).sub).toBe(decodeJwt(byoin.idToken).sub);
    expect((await call(world, 'hospital', 'POST', '/tv/check-ins', visit.accessToken, {})).body).toEqual({
      queueNumber: 1,
    });
    // The holder's view through the new card: the same links, linked when they were.
    const linkedAfter = linksOf(await world.viewer.links());
    expect(
      linkedAfter.map(({ serviceId, linkedAt, factsShared }) => ({ serviceId, linkedAt, factsShared })),
    ).toEqual(
      linkedBefore.map(({ serviceId, linkedAt, factsShared }) => ({ serviceId, linkedAt, factsShared })),
    );
    expect((await world.audit()).filter((r) => r.action === 'link').map(decision)).toEqual([
      'link accepted byoin -',
      'link accepted kotsu -',
    ]);
  });
});

describe('a name change', () => {
  it('the city hall asks for a re-link once the signature certificate is revoked; the re-link keeps the resident', async () => {
    const facts = valid().cardInfo.basicFour;
    const before = cardWith(valid(), 'sign', await ca.issue('sign', { facts, now: NOW }));
    await world.insert(before);
    const first = await applyAtCityHall();
    const kotsu = tokensOf(await world.viewer.link('kotsu', CONSENT.transport));
    expect(
      (await call(world, 'transport', 'POST', '/tv/bus-pass', kotsu.accessToken, { idToken: kotsu.idToken }))
        .status,
    ).toBe(200);

    // Married: J-LIS revokes the signature certificate (affiliationChanged) and writes one with the new name, and the
    // city office rewrites the card-info AP; the same card goes back into the reader.
    const serial = world.server.deps.certificates.parse(Buffer.from(before.jpki.signCert!, 'base64')).serial;
    await ca.revoke('sign', serial, 'affiliationChanged', { now: NOW });
    const married = { ...facts, name: '美波 花子' };
    const after: CardProfile = {
      ...cardWith(before, 'sign', await ca.issue('sign', { facts: married, now: NOW })),
      cardInfo: { ...before.cardInfo, basicFour: married },
    };
    await ca.publishCrl('sign', { now: NOW });
    await world.server.deps.crls.refresh();
    await world.insert(after);

    world.server.clock.advance(HOUR);
    const login = tokensOf(await world.viewer.login('gyosei'));
    const asked = await call(world, 'city-hall', 'GET', '/tv/applications', login.accessToken);
    expect([asked.status, asked.body.code]).toEqual([403, 'LINK_REQUIRED']);
    expect(linksOf(await world.viewer.links())).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ serviceId: 'gyosei', status: 'relink-required' }),
        expect.objectContaining({ serviceId: 'kotsu', status: 'active' }),
      ]),
    );
    // The bus pass came from card-info facts: nothing to re-link there.
    const bus = tokensOf(await world.viewer.login('kotsu'));
    expect((await call(world, 'transport', 'GET', '/tv/bus-pass', bus.accessToken)).status).toBe(200);

    // The re-link: the consent screen again, the new signature certificate, the same resident at the city.
    const relinked = tokensOf(await world.viewer.link('gyosei', CONSENT['city-hall']));
    expect(decodeJwt(relinked.idToken)).toMatchObject({
      sub: decodeJwt(first.idToken).sub,
      name: '美波 花子',
    });
    const cms = cmsOf(await world.viewer.sign(Buffer.from(JSON.stringify(APPLICATION))));
    const sent = await call(world, 'city-hall', 'POST', '/tv/applications', relinked.accessToken, {
      cms: cms.toString('base64url'),
    });
    expect(sent.status).toBe(201);
    const kept = (await call(world, 'city-hall', 'GET', '/staff/applications', STAFF_TOKEN)).body
      .applications;
    expect(kept.map((a: { applicant: { name: string } }) => a.applicant.name)).toEqual([
      facts.name,
      '美波 花子',
    ]);
    const mine = await call(world, 'city-hall', 'GET', '/tv/applications', relinked.accessToken);
    expect(mine.body.applications).toHaveLength(2);
    expect(linksOf(await world.viewer.links())).toEqual(
      expect.arrayContaining([expect.objectContaining({ serviceId: 'gyosei', status: 'active' })]),
    );
  });
});
