import * as der from './der';
import { authorityKeyIdentifier, crlNumber, reasonCode } from './extensions';
import { encodeName, type Name } from './names';
import { serialBytes } from './serial';
import { sha256WithRsa, signStructure } from './signed';

/**
 * The CRLReason codes (RFC 5280 §5.3.1) the JPKI lifecycle uses: keyCompromise; affiliationChanged for a change of
 * name or address; superseded on renewal; cessationOfOperation when the holder gives the certificate up;
 * certificateHold for a lost card (the only reason that can be lifted again).
 */
export const REVOCATION_REASON_CODE = {
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASON_CODE;

export const REVOCATION_REASONS = Object.keys(REVOCATION_REASON_CODE) as RevocationReason[];

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CrlFields {
  issuer: Name;
  issuerKeyId: Uint8Array;
  /** PKCS#8 PEM of the key that issued the listed certificates. */
  signingKeyPem: string;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
  revoked: readonly RevokedEntry[];
}

/**
 * A v2 CRL (RFC 5280 §5.1), DER-encoded: each entry carries a reasonCode, and the list carries
 * authorityKeyIdentifier and cRLNumber. forge cannot produce CRLs, so the TBSCertList is assembled here.
 */
export function buildCrl(fields: CrlFields): Uint8Array {
  const entries = fields.revoked.map((entry) =>
    der.sequence(
      der.unsignedInteger(serialBytes(entry.serial)),
      der.time(entry.revokedAt),
      der.sequence(reasonCode(REVOCATION_REASON_CODE[entry.reason])),
    ),
  );
  const tbs = der.sequence(
    der.integer(1),
    sha256WithRsa(),
    encodeName(fields.issuer),
    der.time(fields.thisUpdate),
    der.time(fields.nextUpdate),
    // An empty revokedCertificates must be left out, not encoded as an empty SEQUENCE.
    ...(entries.length > 0 ? [der.sequence(...entries)] : []),
    der.explicit(0, der.sequence(authorityKeyIdentifier(fields.issuerKeyId), crlNumber(fields.crlNumber))),
  );
  return signStructure(tbs, fields.signingKeyPem);
}
