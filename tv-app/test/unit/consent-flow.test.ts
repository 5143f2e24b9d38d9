import type { ServiceInfo } from '@madoguchi/protocol/http/services';
import { consentFor, consentScreen } from '../../src/flows/consent-flow';
import { REGISTRATIONS } from '../../../mocks/services/src/registrations';

const info = (key: keyof typeof REGISTRATIONS): ServiceInfo => ({ ...REGISTRATIONS[key], redirectUris: [] });

it.each([
  [
    'hospital',
    { facts: ['name', 'dateOfBirth', 'sex'], source: 'card-info' },
    '渡す情報：氏名・生年月日・性別',
  ],
  ['transport', { facts: ['dateOfBirth'], source: 'card-info' }, '渡す情報：生年月日'],
  [
    'city-hall',
    { facts: ['name', 'address', 'dateOfBirth', 'sex'], source: 'sign-cert' },
    '渡す情報：氏名・住所・生年月日・性別',
  ],
] as const)(
  '%s: asks for exactly its registered facts, names them and whom they go to',
  (key, consent, line) => {
    expect(consentFor(info(key))).toEqual(consent);
    const screen = consentScreen(info(key), consentFor(info(key)));
    expect(screen.body).toEqual(expect.arrayContaining([`渡す相手：${REGISTRATIONS[key].name}`, line]));
    expect(screen.actions.map((a) => a.label)).toEqual(['同意する', '同意しない']);
  },
);

it('says that nothing is released to a service registered for no facts (防災)', () => {
  const consent = consentFor(info('disaster'));
  expect(consent).toEqual({ facts: [] });
  const screen = consentScreen(info('disaster'), consent);
  expect(screen.heading).toBe('美波町防災を使いはじめますか');
  expect(screen.body).toContain('渡す情報：ありません。氏名・住所・生年月日・性別は渡しません。');
});

it('says which PIN reads the facts: the sign PIN for the signature certificate', () => {
  expect(consentScreen(info('city-hall'), consentFor(info('city-hall'))).body).toContain(
    'カードの署名用の証明書から読みます。署名用の暗証番号を使います。',
  );
});
