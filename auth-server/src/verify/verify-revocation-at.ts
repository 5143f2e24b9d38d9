import type { X509Certificate } from 'node:crypto';
import { isMadoguchiError, MadoguchiError } from '@madoguchi/protocol';
import type { KeyKind } from './key-kind';
import type { ParsedCertificate } from './parse-certificate';
import { verifyRevocation, type CrlLookup } from './verify-revocation';
import { certificateKeyFingerprint } from './trust-anchors';

/**
 * Revocation as it stood at `at` (a signing time), judged from the current CRL (fresh now, as verifyRevocation
 * requires): not listed, or listed with a revocation date after `at`. A hold counts from its date like a revocation.
 */
export function verifyNotRevokedAt(
  cert: ParsedCertificate,
  issuer: X509Certificate,
  kind: KeyKind,
  crls: CrlLookup,
  now: Date,
  graceMs: number,
  at: Date,
): void {
  try {
    verifyRevocation(cert, issuer, kind, crls, now, graceMs);
  } catch (error) {
    if (!isMadoguchiError(error, 'CERT_REVOKED')) throw error;
    const crl = crls(certificateKeyFingerprint(issuer), kind);
    const revokedAt = crl instanceof MadoguchiError ? undefined : crl.revokedAt.get(cert.serial);
    if (revokedAt === undefined || revokedAt.getTime() <= at.getTime()) {
      throw new MadoguchiError('CERT_REVOKED', 'the certificate was revoked before the signing time');
    }
  }
}
