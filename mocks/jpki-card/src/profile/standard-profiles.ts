import type { BasicFour, PinKind } from '@madoguchi/protocol';

/**
 * The card profiles every test and the demo can ask for by name. Each says only how it differs from a healthy
 * card; `build-profiles.ts` turns them into card JSON from the test CA.
 */
export interface ProfileRecipe {
  name: string;
  description: string;
  /** Certificates valid now (default), expired a year ago, or not valid until next year. */
  validity?: 'current' | 'expired';
  /** Issued by a separate CA that no verifier trusts. */
  wrongCa?: boolean;
  /** Revoke these certificates (and with which CRL reason) after issue. */
  revoke?: { auth?: CrlReasonName; sign?: CrlReasonName };
  /** No signature certificate, key or PIN (holders under 15). */
  noSignCertificate?: boolean;
  /** Tries left on first use. */
  tries?: { auth?: number; sign?: number; cardInfo?: number };
  extendedLength?: boolean;
  latency?: { apduMs?: number; signMs?: number };
  fault?: { removeOn: 'sign' };
  /** Renewal: this card is the renewal of `of` (new keys, new serials, rows in the serial list). */
  renewalOf?: string;
  facts?: Partial<BasicFour>;
  /** PINs other than the demo ones. */
  pins?: Partial<Record<PinKind, string>>;
}

export type CrlReasonName =
  'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation' | 'certificateHold';

/** The demo holder. PINs are printed in the README: auth 1234, sign ABC123, card info 1234. */
export const DEMO_FACTS: BasicFour = {
  name: '窓口 花子',
  address: '徳島県海部郡美波町奥河内字本村18番地1',
  dateOfBirth: '19440315',
  sex: '2',
};

export const DEMO_PINS = { auth: '1234', sign: 'ABC123', cardInfo: '1234' } as const;
export const DEMO_MY_NUMBER = '000000000000';

export const STANDARD_PROFILES: readonly ProfileRecipe[] = [
  { name: 'valid', description: 'A healthy card: both certificates valid, all PINs with full tries' },
  { name: 'expired', description: 'Both certificates expired a year ago', validity: 'expired' },
  {
    name: 'revoked',
    description: 'Both certificates revoked (key compromise) and on the published CRLs',
    revoke: { auth: 'keyCompromise', sign: 'keyCompromise' },
  },
  {
    name: 'lost-hold',
    description: 'A card reported lost: both certificates on hold (certificateHold) on the CRLs',
    revoke: { auth: 'certificateHold', sign: 'certificateHold' },
  },
  {
    name: 'auth-pin-blocked',
    description: 'The authentication PIN is blocked (0 tries left)',
    tries: { auth: 0 },
  },
  {
    name: 'one-try-left',
    description: 'One try left on the authentication, signature and card-info PINs',
    tries: { auth: 1, sign: 1, cardInfo: 1 },
  },
  { name: 'wrong-ca', description: 'Issued by a CA no verifier trusts', wrongCa: true },
  { name: 'renewed-old', description: 'The old card of a renewal: its certificates are superseded' },
  {
    name: 'renewed-new',
    description: 'The renewed card of renewed-old: new keys and serials, listed in the old→new serial list',
    renewalOf: 'renewed-old',
  },
  {
    name: 'name-changed',
    description:
      'Name or address changed: signature certificate revoked (affiliationChanged), auth still valid',
    revoke: { sign: 'affiliationChanged' },
  },
  {
    name: 'under-15',
    description: 'A holder under 15: no signature certificate, key or PIN',
    noSignCertificate: true,
    facts: { dateOfBirth: '20150601', name: '窓口 太郎', sex: '1' },
  },
  {
    name: 'no-extended-length',
    description: 'An older card: short APDUs only (67 00 to extended length)',
    extendedLength: false,
  },
  {
    name: 'slow',
    description: 'Card-like latency: 15 ms per APDU and 450 ms per signature',
    latency: { apduMs: 15, signMs: 450 },
  },
  {
    name: 'pulled-mid-signature',
    description: 'The card leaves the reader while it computes a signature',
    fault: { removeOn: 'sign' },
  },
];
