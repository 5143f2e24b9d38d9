import { OID } from '@madoguchi/protocol';
import * as der from './der';
import { encodeName, type Name } from './names';

/** X.509 v3 certificate and CRL extensions (RFC 5280 §4.2, §5.2, §5.3), each as one Extension SEQUENCE. */

export const EXTENSION_OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

const ID_QT_CPS = '1.3.6.1.5.5.7.2.1';

function extension(extnId: string, critical: boolean, value: der.Der): der.Der {
  // DER omits a BOOLEAN that equals its DEFAULT (critical FALSE).
  const flag = critical ? [der.boolean(true)] : [];
  return der.sequence(der.oid(extnId), ...flag, der.octetString(der.encode(value)));
}

// ---- GeneralName (RFC 5280 §4.2.1.6) ----

/** directoryName [4]: explicit, because Name is a CHOICE. */
export const dirName = (name: Name): der.Der => der.explicit(4, encodeName(name));

/** otherName [0] IMPLICIT OtherName { type-id, [0] EXPLICIT UTF8String }, the form JPKI uses for its SAN entries. */
export const otherName = (typeId: string, text: string): der.Der =>
  der.implicitConstructed(0, [der.oid(typeId), der.explicit(0, der.utf8(text))]);

// ---- certificate extensions ----

/** Bit positions of KeyUsage (RFC 5280 §4.2.1.3). */
const KEY_USAGE_BIT = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

export type KeyUsage = keyof typeof KEY_USAGE_BIT;

/** keyUsage, always critical here (as in every JPKI certificate). DER drops trailing zero bits. */
export function keyUsage(...usages: KeyUsage[]): der.Der {
  const bits = usages.reduce((acc, u) => acc | (0x80 >> KEY_USAGE_BIT[u]), 0);
  let unused = 0;
  while (unused < 7 && ((bits >> unused) & 1) === 0) unused++;
  return extension(EXTENSION_OID.keyUsage, true, der.bitString(Uint8Array.of(bits), unused));
}

/** basicConstraints critical CA:TRUE with no path length, as on J-LIS's roots. */
export const basicConstraintsCa = (): der.Der =>
  extension(EXTENSION_OID.basicConstraints, true, der.sequence(der.boolean(true)));

export const subjectKeyIdentifier = (keyId: Uint8Array): der.Der =>
  extension(EXTENSION_OID.subjectKeyIdentifier, false, der.octetString(keyId));

/** authorityKeyIdentifier with keyIdentifier [0] only: enough to pick the right root among same-named generations. */
export const authorityKeyIdentifier = (keyId: Uint8Array): der.Der =>
  extension(EXTENSION_OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, keyId)));

export const subjectAltName = (...names: der.Der[]): der.Der =>
  extension(EXTENSION_OID.subjectAltName, false, der.sequence(...names));

/** One policy with the J-LIS CPS pointer as its qualifier. */
export const certificatePolicies = (policy: string, critical: boolean): der.Der =>
  extension(
    EXTENSION_OID.certificatePolicies,
    critical,
    der.sequence(
      der.sequence(der.oid(policy), der.sequence(der.sequence(der.oid(ID_QT_CPS), der.ia5(OID.CPS_URI)))),
    ),
  );

/** One DistributionPoint whose fullName [0] is a single directory name (no reasons, no cRLIssuer). */
export const crlDistributionPoints = (name: Name): der.Der =>
  extension(
    EXTENSION_OID.crlDistributionPoints,
    false,
    der.sequence(der.sequence(der.explicit(0, der.implicitConstructed(0, [dirName(name)])))),
  );

// ---- CRL and CRL entry extensions ----

export const crlNumber = (n: number): der.Der => extension(EXTENSION_OID.crlNumber, false, der.integer(n));

export const reasonCode = (code: number): der.Der =>
  extension(EXTENSION_OID.reasonCode, false, der.enumerated(code));
