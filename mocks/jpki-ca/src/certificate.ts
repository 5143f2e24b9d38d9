import type { KeyObject } from 'node:crypto';
import * as der from './der';
import { spkiOf } from './keys';
import { encodeName, type Name } from './names';
import { serialBytes } from './serial';
import { sha256WithRsa, signStructure } from './signed';

export interface CertificateFields {
  /** Upper-case hex. */
  serial: string;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKey: KeyObject;
  extensions: der.Der[];
  /** PKCS#8 PEM of the issuing key. */
  signingKeyPem: string;
}

/** A v3 certificate (RFC 5280 §4.1), DER-encoded and signed with sha256WithRSAEncryption. */
export function buildCertificate(fields: CertificateFields): Uint8Array {
  const tbs = der.sequence(
    der.explicit(0, der.integer(2)),
    der.unsignedInteger(serialBytes(fields.serial)),
    sha256WithRsa(),
    encodeName(fields.issuer),
    der.sequence(der.time(fields.notBefore), der.time(fields.notAfter)),
    encodeName(fields.subject),
    der.decode(spkiOf(fields.subjectPublicKey)),
    der.explicit(3, der.sequence(...fields.extensions)),
  );
  return signStructure(tbs, fields.signingKeyPem);
}
