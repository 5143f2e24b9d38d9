import { readFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { openCa, type TestCa } from '@madoguchi/jpki-ca';
import { simLayout, type CardProfile } from '@madoguchi/jpki-card';
import { parseSerialList } from '@madoguchi/protocol';
import { importSerialList } from '../../../../auth-server/src/domain/import-serial-list';
import { buildPki, NOW, type TestPki } from '../../../../auth-server/test/helpers/fixture';
import { holderCall, link, login, tokensOf } from '../../../../auth-server/test/helpers/links';
import { REGISTRATIONS } from '../../src/registrations';
import { discoverRelyingParty } from '../../src/transport/relying-party';
import {
  call,
  cardWith,
  holderIdOf,
  operator,
  secretOf,
  startWorld,
  STAFF_TOKEN,
  type World,
} from '../helpers/world';

let pki: TestPki;
let ca: TestCa;
beforeAll(async () => {
  pki = await buildPki();
  ca = await openCa(simLayout(pki.dir).ca);
}, 60_000);
afterAll(() => pki.cleanup());

let world: World;
beforeEach(async () => {
  world = await startWorld(pki);
});
afterEach(() => world.close());

const valid = () => pki.profile('valid');
const HOSPITAL_FACTS = ['name', 'dateOfBirth', 'sex'] as const;

/** Links the hospital (patient record) and the bus pass, as a first visit to each does. */
async function linkHospitalAndBusPass(
  card: CardProfile,
  hospitalSource: 'card-info' | 'sign-cert' = 'card-info',
) {
  const byoin = tokensOf(
    await link(world.server, world.device, card, 'byoin', {
      consent: [...HOSPITAL_FACTS],
      source: hospitalSource,
    }),
  );
  expect(
    (
      await call(world, 'hospital', 'POST', '/tv/patient-links', byoin.accessToken, {
        idToken: byoin.idToken,
      })
    ).status,
  ).toBe(200);
  const kotsu = tokensOf(await link(world.server, world.device, card, 'kotsu', { consent: ['dateOfBirth'] }));
  const pass = await call(world, 'transport', 'POST', '/tv/bus-pass', kotsu.accessToken, {
    idToken: kotsu.idToken,
  });
  expect(pass.status).toBe(200);
  return { byoin, kotsu, passId: pass.body.passId as string };
}

describe('consent refused', () => {
  it('nothing shared, nothing linked: logins are LINK_REQUIRED and the services hold nothing', async () => {
    // The viewer said no on the consent screen: the bridge sends no link at all.
    for (const serviceId of ['byoin', 'kotsu']) {
      expect((await login(world.server, world.device, valid(), serviceId)).json().code).toBe('LINK_REQUIRED');
    }
    // Consenting to the link but not to the date of birth: the service gets no fact and issues nothing.
    const bare = tokensOf(await link(world.server, world.device, valid(), 'kotsu'));
    expect(decodeJwt(bare.idToken)).not.toHaveProperty('birthdate');
    const res = await call(world, 'transport', 'POST', '/tv/bus-pass', bare.accessToken, {
      idToken: bare.idToken,
    });
    expect(res.body.code).toBe('LINK_REQUIRED');
    expect(world.running.services.transport.store.collection('passes').list()).toEqual([]);
    const patients = (await call(world, 'hospital', 'GET', '/staff/patients', STAFF_TOKEN)).body.patients;
    expect(patients.every((p: { subject: unknown }) => p.subject === null)).toBe(true);
  });
});

describe('a link removed by the holder', () => {
  it('the service loses access at once: its tokens are LINK_REQUIRED and the bus pass stops checking valid', async () => {
    const { kotsu, passId } = await linkHospitalAndBusPass(valid());
    const holder = tokensOf(await login(world.server, world.device, valid(), 'holder')).accessToken;
    const removed = await holderCall(world.server, world.device, 'DELETE', '/v1/holder/links/kotsu', holder);
    expect(removed.statusCode).toBe(204);
    const shown = await call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.accessToken);
    expect([shown.status, shown.body.code]).toEqual([403, 'LINK_REQUIRED']);
    expect((await call(world, 'transport', 'GET', `/terminal/passes/${passId}`)).body).toMatchObject({
      valid: false,
      code: 'LINK_REQUIRED',
    });
    // The hospital's link was not touched.
    const byoin = tokensOf(await login(world.server, world.device, valid(), 'byoin'));
    expect((await call(world, 'hospital', 'POST', '/tv/check-ins', byoin.accessToken, {})).status).toBe(200);
  });
});

describe('a suspended holder (lost card)', () => {
  it('every service refuses with the plain reason HOLDER_SUSPENDED', async () => {
    const card = valid();
    const { byoin, kotsu, passId } = await linkHospitalAndBusPass(card);
    const gyosei = tokensOf(
      await link(world.server, world.device, card, 'gyosei', { consent: ['name'], source: 'sign-cert' }),
    );
    const bosai = tokensOf(await link(world.server, world.device, card, 'bosai'));
    const holderId = await holderIdOf(world, card);
    expect((await operator(world, 'POST', `/v1/admin/holders/${holderId}/suspend`)).json().status).toBe(
      'suspended',
    );

    const answers = await Promise.all([
      call(world, 'city-hall', 'GET', '/tv/applications', gyosei.accessToken),
      call(world, 'disaster', 'GET', '/tv/shelters', bosai.accessToken),
      call(world, 'hospital', 'POST', '/tv/check-ins', byoin.accessToken, {}),
      call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.accessToken),
      call(world, 'transport', 'GET', `/terminal/passes/${passId}`),
    ]);
    expect(answers.map((a) => a.body.code)).toEqual(Array(5).fill('HOLDER_SUSPENDED'));
    expect(answers.slice(0, 4).map((a) => a.status)).toEqual(Array(4).fill(403));
  });
});

describe('a renewed card', () => {
  it('joins the same holder through the serial list: every link and record is kept', async () => {
    const first = await ca.issue('auth', { facts: valid().cardInfo.basicFour, now: NOW });
    const oldCard = await cardWith(valid(), 'auth', first);
    const { passId } = await linkHospitalAndBusPass(oldCard);

    const renewed = await ca.renew('auth', first.serial, { now: NOW });
    await importSerialList(world.server.deps.store, parseSerialList(readFileSync(ca.serialListPath, 'utf8')));
    const newCard = await cardWith(valid(), 'auth', renewed);

    const kotsu = tokensOf(await login(world.server, world.device, newCard, 'kotsu'));
    expect((await call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.accessToken)).body.passId).toBe(
      passId,
    );
    const byoin = tokensOf(await login(world.server, world.device, newCard, 'byoin'));
    expect((await call(world, 'hospital', 'POST', '/tv/check-ins', byoin.accessToken, {})).body).toEqual({
      queueNumber: 1,
    });
  });
});

describe('a name change (hospital)', () => {
  it('asks for a re-link once the signature certificate is revoked, and the re-link keeps the record', async () => {
    const facts = valid().cardInfo.basicFour;
    const before = await cardWith(valid(), 'sign', await ca.issue('sign', { facts, now: NOW }));
    await linkHospitalAndBusPass(before, 'sign-cert');

    // Married: J-LIS revokes the signature certificate (affiliationChanged) and issues one with the new name.
    const serial = world.server.deps.certificates.parse(Buffer.from(before.jpki.signCert!, 'base64')).serial;
    await ca.revoke('sign', serial, 'affiliationChanged', { now: NOW });
    const after = await cardWith(
      valid(),
      'sign',
      await ca.issue('sign', { facts: { ...facts, name: '美波 花子' }, now: NOW }),
    );
    await ca.publishCrl('sign', { now: NOW });
    await world.server.deps.crls.refresh();

    const visit = tokensOf(await login(world.server, world.device, after, 'byoin'));
    const asked = await call(world, 'hospital', 'POST', '/tv/check-ins', visit.accessToken, {});
    expect([asked.status, asked.body.code]).toEqual([403, 'LINK_REQUIRED']);
    // The bus pass came from card-info facts: nothing to re-link there.
    const kotsu = tokensOf(await login(world.server, world.device, after, 'kotsu'));
    expect((await call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.accessToken)).status).toBe(200);

    const relink = tokensOf(
      await link(world.server, world.device, after, 'byoin', {
        consent: [...HOSPITAL_FACTS],
        source: 'sign-cert',
      }),
    );
    const relinked = await call(world, 'hospital', 'POST', '/tv/patient-links', relink.accessToken, {
      idToken: relink.idToken,
    });
    expect(relinked.body).toEqual({ patientNumber: 'P-000123', relinked: true });
    const patients = (await call(world, 'hospital', 'GET', '/staff/patients', STAFF_TOKEN)).body.patients;
    expect(patients).toEqual([expect.objectContaining({ patientNumber: 'P-000123', name: '美波 花子' })]);
    expect((await call(world, 'hospital', 'POST', '/tv/check-ins', relink.accessToken, {})).body).toEqual({
      queueNumber: 1,
    });
  });
});

describe('what a service can obtain', () => {
  it('never another service’s pairwise ID, token or facts, nor facts it is not registered for', async () => {
    const card = valid();
    // The transport service is registered for the date of birth only: asking for the address links nothing.
    const greedy = await link(world.server, world.device, card, 'kotsu', {
      consent: ['dateOfBirth', 'address'],
    });
    expect(greedy.json().code).toBe('FACTS_NOT_ALLOWED');
    const { byoin, kotsu } = await linkHospitalAndBusPass(card);
    expect(decodeJwt(kotsu.idToken)).not.toHaveProperty('address');
    expect(decodeJwt(kotsu.idToken)).not.toHaveProperty('name');
    // It keeps the decision, not the date of birth.
    const kept = JSON.stringify(world.running.services.transport.store.collection('passes').list());
    expect(kept).not.toMatch(/1944|birth|address|窓口/);

    // Another service's tokens are refused as not for it.
    const foreign = await call(world, 'transport', 'GET', '/tv/bus-pass', byoin.accessToken);
    expect(foreign.body.code).toBe('TOKEN_INVALID');
    // An ID token is not an access token, even for the right service.
    expect((await call(world, 'transport', 'GET', '/tv/bus-pass', kotsu.idToken)).body.code).toBe(
      'TOKEN_INVALID',
    );
    const foreignId = await call(world, 'transport', 'POST', '/tv/bus-pass', kotsu.accessToken, {
      idToken: byoin.idToken,
    });
    expect(foreignId.body.code).toBe('TOKEN_INVALID');

    // Through the platform: another service's subject is unknown, and only registered services verify signatures.
    const transport = await discoverRelyingParty({
      authServerUrl: world.issuer,
      serviceId: REGISTRATIONS.transport.id,
      secret: secretOf('transport'),
      clock: () => world.server.clock.now(),
    });
    const byoinSub = decodeJwt(byoin.idToken).sub!;
    expect(byoinSub).not.toBe(decodeJwt(kotsu.idToken).sub);
    expect(await transport.subjectStatus(byoinSub)).toEqual({
      sub: byoinSub,
      status: 'unlinked',
      code: 'LINK_REQUIRED',
    });
    expect(await transport.introspect(byoin.accessToken)).toEqual({ active: false });
    await expect(transport.verifySignature('AAAA')).rejects.toMatchObject({ code: 'SERVICE_UNAUTHORIZED' });
    // Nor a holder's links: the holder's own view wants the box and the holder's PIN login.
    const links = await world.server.app.inject({
      url: '/v1/holder/links',
      headers: { authorization: `Basic ${Buffer.from(`kotsu:${secretOf('transport')}`).toString('base64')}` },
    });
    expect(links.json().code).toBe('DEVICE_UNKNOWN');
  });
});
