import type { KeyObject } from 'node:crypto';
import { bytesEqual, OID, type BasicFour } from '@madoguchi/protocol';
import { basicFourAltNames } from './basic-four-san';
import type { CaKind } from './ca-kind';
import { buildCertificate } from './certificate';
import {
  authorityKeyIdentifier,
  basicConstraintsCa,
  certificatePolicies,
  crlDistributionPoints,
  dirName,
  keyUsage,
  subjectAltName,
  subjectKeyIdentifier,
} from './extensions';
import { keyIdentifierOf } from './keys';
import { caAltName, caSubject, crlDistributionName, type Name } from './names';

/** The JPKI certificate profiles (jpki.md §2): which extensions each kind of certificate carries. */

/** The CA key that signs: its key identifier and PKCS#8 PEM. */
export interface Signer {
  keyId: Uint8Array;
  keyPem: string;
}

interface Validity {
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * A CA certificate of `kind` for `subjectKey`. Signed by the same key it is a self-signed root; signed by another
 * generation's key it is a link certificate (NewWithOld or OldWithNew) and also names its signer in
 * authorityKeyIdentifier, so that verifiers can tell same-named generations apart.
 */
export function caCertificate(
  kind: CaKind,
  subjectKey: KeyObject,
  signer: Signer,
  { serial, notBefore, notAfter }: Validity,
): Uint8Array {
  const keyId = keyIdentifierOf(subjectKey);
  const link = bytesEqual(keyId, signer.keyId) ? [] : [authorityKeyIdentifier(signer.keyId)];
  return buildCertificate({
    serial,
    issuer: caSubject(kind),
    subject: caSubject(kind),
    notBefore,
    notAfter,
    subjectPublicKey: subjectKey,
    extensions: [
      basicConstraintsCa(),
      keyUsage('keyCertSign', 'cRLSign'),
      subjectAltName(dirName(caAltName())),
      subjectKeyIdentifier(keyId),
      ...link,
    ],
    signingKeyPem: signer.keyPem,
  });
}

export type HolderCertificateFields = Validity & {
  /** The CA generation that issues, named in the CRL distribution point. */
  generation: number;
  subject: Name;
  publicKey: KeyObject;
  signer: Signer;
} & (
    | { kind: 'auth' } // an authentication certificate carries no personal data
    | { kind: 'sign'; facts: BasicFour }
  );

/** An end-entity certificate, issued directly by the root (a chain of 2). */
export function holderCertificate(fields: HolderCertificateFields): Uint8Array {
  const common = [
    subjectKeyIdentifier(keyIdentifierOf(fields.publicKey)),
    authorityKeyIdentifier(fields.signer.keyId),
    crlDistributionPoints(crlDistributionName(fields.kind, fields.generation)),
  ];
  const profile =
    fields.kind === 'auth'
      ? [keyUsage('digitalSignature'), certificatePolicies(OID.POLICY_AUTH, false)]
      : [
          keyUsage('digitalSignature', 'nonRepudiation'),
          // The test-environment policy, so that no certificate of this mock can pass for a real one.
          certificatePolicies(OID.POLICY_SIGN_TEST, true),
          subjectAltName(...basicFourAltNames(fields.facts)),
        ];
  return buildCertificate({
    serial: fields.serial,
    issuer: caSubject(fields.kind),
    subject: fields.subject,
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    subjectPublicKey: fields.publicKey,
    extensions: [...profile, ...common],
    signingKeyPem: fields.signer.keyPem,
  });
}
