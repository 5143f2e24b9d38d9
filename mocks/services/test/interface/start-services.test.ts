import type { CardProfile } from '@madoguchi/jpki-card';
import { forgeCms } from '../../../../auth-server/test/helpers/cms';
import { buildPki, NOW, post, type TestPki } from '../../../../auth-server/test/helpers/fixture';
import { link, login, tokensOf } from '../../../../auth-server/test/helpers/links';
import { call, startWorld, STAFF_TOKEN, type World } from '../helpers/world';

let pki: TestPki;
beforeAll(async () => {
  pki = await buildPki();
}, 60_000);
afterAll(() => pki.cleanup());

let world: World;
beforeEach(async () => {
  world = await startWorld(pki);
});
afterEach(() => world.close());

const valid = () => pki.profile('valid');
const signKeyOf = (card: CardProfile) => ({ cert: card.jpki.signCert!, key: card.jpki.signKey! });
const APPLICATION = { kind: 'residence-certificate-copy', copies: 1, scope: 'self', purpose: '年金の手続き' };
const document = (doc: unknown = APPLICATION) => Buffer.from(JSON.stringify(doc), 'utf8');

describe('行政 city hall', () => {
  it('takes a signed application for 住民票の写し, verified by the auth-server, and keeps it with its verdict', async () => {
    const card = valid();
    const tokens = tokensOf(
      await link(world.server, world.device, card, 'gyosei', {
        consent: ['name', 'address'],
        source: 'sign-cert',
      }),
    );
    const cms = forgeCms(signKeyOf(card), document(), NOW).toString('base64url');
    const res = await call(world, 'city-hall', 'POST', '/tv/applications', tokens.accessToken, { cms });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ application: APPLICATION, signedAt: NOW.toISOString() });

    const kept = await call(world, 'city-hall', 'GET', '/staff/applications', STAFF_TOKEN);
    expect(kept.body.applications).toEqual([
      expect.objectContaining({
        applicationId: res.body.applicationId,
        verdict: {
          valid: true,
          code: null,
          checks: { signature: true, chain: true, atSigningTime: true, now: true },
        },
        applicant: { name: card.cardInfo.basicFour.name, address: card.cardInfo.basicFour.address },
      }),
    ]);
    const mine = await call(world, 'city-hall', 'GET', '/tv/applications', tokens.accessToken);
    expect(mine.body.applications.map((a: { applicationId: string }) => a.applicationId)).toEqual([
      res.body.applicationId,
    ]);
  });

  it('refuses a tampered application, one signed by someone else, and a document that is no application', async () => {
    const card = valid();
    const tokens = tokensOf(
      await link(world.server, world.device, card, 'gyosei', { consent: ['name'], source: 'sign-cert' }),
    );
    const cms = forgeCms(signKeyOf(card), document(), NOW);
    const tampered = Buffer.from(cms);
    tampered[tampered.indexOf(document().subarray(0, 20)) + 10]! ^= 0x01;
    const other = forgeCms(signKeyOf(pki.profile('one-try-left')), document(), NOW);
    const notApplication = forgeCms(signKeyOf(card), document({ kind: 'marriage' }), NOW);
    const codes = [];
    for (const c of [tampered, other, notApplication]) {
      const res = await call(world, 'city-hall', 'POST', '/tv/applications', tokens.accessToken, {
        cms: c.toString('base64url'),
      });
      codes.push([res.status, res.body.code]);
    }
    expect(codes).toEqual([
      [401, 'SIGNATURE_INVALID'],
      [401, 'SIGNATURE_INVALID'],
      [400, 'BAD_MESSAGE'],
    ]);
    expect(
      (await call(world, 'city-hall', 'GET', '/staff/applications', STAFF_TOKEN)).body.applications,
    ).toEqual([]);
  });
});

describe('防災 disaster safety', () => {
  it('takes a report on a recent login without a new PIN; the city lists the latest report per resident', async () => {
    const card = valid();
    tokensOf(await link(world.server, world.device, card, 'bosai'));
    const pinLogin = tokensOf(await login(world.server, world.device, card, 'holder'));
    world.server.clock.advance(20 * 60_000);
    // The bridge reuses the 20-minute-old PIN login (bosai allows 30 minutes): no PIN is asked.
    const reused = tokensOf(
      await post(world.server, world.device, '/v1/logins/reuse', {
        serviceId: 'bosai',
        accessToken: pinLogin.accessToken,
      }),
    );
    const shelters = await call(world, 'disaster', 'GET', '/tv/shelters', reused.accessToken);
    expect(shelters.body.shelters).toContainEqual({ id: 'hiwasa-es', name: '日和佐小学校' });

    const first = await call(world, 'disaster', 'POST', '/tv/safety-reports', reused.accessToken, {
      status: 'help',
      place: 'home',
    });
    expect(first.status).toBe(201);
    world.server.clock.advance(60_000);
    const second = await call(world, 'disaster', 'POST', '/tv/safety-reports', reused.accessToken, {
      status: 'safe',
      place: '日和佐小学校',
    });
    expect(second.body).toMatchObject({ status: 'safe', place: 'hiwasa-es', placeName: '日和佐小学校' });

    const list = await call(world, 'disaster', 'GET', '/staff/safety-reports', STAFF_TOKEN);
    expect(list.body.reports).toEqual([second.body]);
    expect((await call(world, 'disaster', 'GET', '/staff/safety-reports', 'guess')).body.code).toBe(
      'OPERATOR_UNAUTHORIZED',
    );
    const nowhere = await call(world, 'disaster', 'POST', '/tv/safety-reports', reused.accessToken, {
      status: 'safe',
      place: '月面基地',
    });
    expect(nowhere.body.code).toBe('BAD_MESSAGE');
  });
});

describe('病院 hospital', () => {
  it('links the card to the patient record by the facts at the first visit; later visits get queue numbers', async () => {
    const card = valid();
    const first = tokensOf(
      await link(world.server, world.device, card, 'byoin', { consent: ['name', 'dateOfBirth', 'sex'] }),
    );
    expect((await call(world, 'hospital', 'POST', '/tv/check-ins', first.accessToken, {})).body.code).toBe(
      'LINK_REQUIRED',
    );
    const linked = await call(world, 'hospital', 'POST', '/tv/patient-links', first.accessToken, {
      idToken: first.idToken,
    });
    expect(linked.body).toEqual({ patientNumber: 'P-000123', relinked: false });

    const numbers = [];
    for (let visit = 0; visit < 2; visit++) {
      world.server.clock.advance(3_600_000);
      const later = tokensOf(await login(world.server, world.device, card, 'byoin'));
      numbers.push((await call(world, 'hospital', 'POST', '/tv/check-ins', later.accessToken, {})).body);
    }
    expect(numbers).toEqual([{ queueNumber: 1 }, { queueNumber: 2 }]);
  });

  it('finds no record for someone who is not a patient, and refuses an old PIN entry for check-in', async () => {
    const stranger = pki.profile('under-15');
    const tokens = tokensOf(
      await link(world.server, world.device, stranger, 'byoin', { consent: ['name', 'dateOfBirth', 'sex'] }),
    );
    const res = await call(world, 'hospital', 'POST', '/tv/patient-links', tokens.accessToken, {
      idToken: tokens.idToken,
    });
    expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    world.server.clock.advance(11 * 60_000);
    expect((await call(world, 'hospital', 'POST', '/tv/check-ins', tokens.accessToken, {})).body.code).toBe(
      'TOKEN_INVALID',
    );
  });
});

describe('交通 transport', () => {
  it('issues the 敬老パス once on the date of birth, shows it, and a bus terminal checks it', async () => {
    const tokens = tokensOf(
      await link(world.server, world.device, valid(), 'kotsu', { consent: ['dateOfBirth'] }),
    );
    const issued = await call(world, 'transport', 'POST', '/tv/bus-pass', tokens.accessToken, {
      idToken: tokens.idToken,
    });
    expect(issued.body).toEqual({ passId: expect.any(String), validUntil: '2027-02-28' });
    const again = await call(world, 'transport', 'POST', '/tv/bus-pass', tokens.accessToken, {
      idToken: tokens.idToken,
    });
    expect(again.body).toEqual(issued.body);
    expect((await call(world, 'transport', 'GET', '/tv/bus-pass', tokens.accessToken)).body).toEqual(
      issued.body,
    );
    expect((await call(world, 'transport', 'GET', `/terminal/passes/${issued.body.passId}`)).body).toEqual({
      valid: true,
      validUntil: '2027-02-28',
      code: null,
    });
    expect((await call(world, 'transport', 'GET', '/terminal/passes/unknown')).body.code).toBe('NOT_FOUND');
  });

  it('refuses a resident under 70 (NOT_ELIGIBLE) and keeps nothing', async () => {
    const tokens = tokensOf(
      await link(world.server, world.device, pki.profile('under-15'), 'kotsu', { consent: ['dateOfBirth'] }),
    );
    const res = await call(world, 'transport', 'POST', '/tv/bus-pass', tokens.accessToken, {
      idToken: tokens.idToken,
    });
    expect([res.status, res.body.code]).toEqual([403, 'NOT_ELIGIBLE']);
    expect((await call(world, 'transport', 'GET', '/tv/bus-pass', tokens.accessToken)).body.code).toBe(
      'NOT_FOUND',
    );
  });
});
