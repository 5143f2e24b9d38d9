import { randomInt } from 'node:crypto';
import { CA_ALT_NAME_ORG, CA_SUBJECT } from '@madoguchi/protocol';
import type { CaKind } from './ca-kind';
import * as der from './der';

/** The attribute types our names use, with their OIDs (X.520). */
const ATTRIBUTE_OID = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
} as const;

export type AttributeType = keyof typeof ATTRIBUTE_OID;

/** A distinguished name as ordered (type, value) pairs, most general first — the order in which it is encoded. */
export type Name = ReadonlyArray<readonly [AttributeType, string]>;

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** One attribute per RDN. ASCII that fits PrintableString stays PrintableString (as in J-LIS's roots), else UTF-8. */
export function encodeName(name: Name): der.Der {
  return der.sequence(
    ...name.map(([type, value]) =>
      der.set(
        der.sequence(
          der.oid(ATTRIBUTE_OID[type]),
          PRINTABLE.test(value) ? der.printable(value) : der.utf8(value),
        ),
      ),
    ),
  );
}

/** RFC 4514 string form: most specific first, special characters escaped. Used in the index and the serial list. */
export function formatName(name: Name): string {
  return [...name]
    .reverse()
    .map(([type, value]) => `${type}=${escapeValue(value)}`)
    .join(',');
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

const CN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Subject of an end-entity certificate: `C=JP, CN=<20 random upper-case alphanumerics>`, as observed on real
 * authentication certificates (OpenSC #3021). Signature certificates use the same shape here: their real subject DN
 * is not public, and the personal data lives in the subjectAltName anyway.
 */
export function holderSubject(): Name {
  const cn = Array.from({ length: 20 }, () => CN_ALPHABET[randomInt(CN_ALPHABET.length)]).join('');
  return [
    ['C', 'JP'],
    ['CN', cn],
  ];
}

export const caSubject = (kind: CaKind): Name => CA_SUBJECT[kind];

/** The roots' subjectAltName directory name: C=JP, O=公的個人認証サービス. */
export const caAltName = (): Name => [
  ['C', 'JP'],
  ['O', CA_ALT_NAME_ORG],
];

/**
 * The CRL distribution point named in end-entity certificates: a directory name, as J-LIS uses (no URL). It is the
 * CA's DN plus `OU=CRL Distribution Points, CN=g<generation>`; a verifier maps it to `<kind>/g<generation>/crl.der`.
 */
export const crlDistributionName = (kind: CaKind, generation: number): Name => [
  ...CA_SUBJECT[kind],
  ['OU', 'CRL Distribution Points'],
  ['CN', `g${generation}`],
];
