import type { X509Certificate } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import type { KeyKind } from './key-kind';
import type { ParsedCertificate } from './parse-certificate';
import type { VerifiedCrl } from './parse-crl';
import { certificateKeyFingerprint } from './trust-anchors';

/**
 * The current CRL of a CA key (from the CRL registry), or the refusal to give when there is none: CRL_INVALID when a
 * source of that kind failed to verify, CRL_STALE when nothing was ever loaded.
 */
export type CrlLookup = (issuerKey: string, kind: KeyKind) => VerifiedCrl | MadoguchiError;

const CERTIFICATE_HOLD = 6;

/**
 * Step 5: the current CRL of the key that issued the certificate is fresh (nextUpdate + grace not passed; none at all
 * is CRL_INVALID or CRL_STALE) and does not list it. A hold is a refusal like a revocation (the card is reported lost).
 */
export function verifyRevocation(
  cert: ParsedCertificate,
  issuer: X509Certificate,
  kind: KeyKind,
  crls: CrlLookup,
  now: Date,
  graceMs: number,
): void {
  const crl = crls(certificateKeyFingerprint(issuer), kind);
  if (crl instanceof MadoguchiError) throw crl;
  if (now.getTime() > crl.nextUpdate.getTime() + graceMs) {
    throw new MadoguchiError('CRL_STALE', `the issuing CA's CRL expired at ${crl.nextUpdate.toISOString()}`);
  }
  if (crl.revoked.has(cert.serial)) {
    const held = crl.revoked.get(cert.serial) === CERTIFICATE_HOLD;
    throw new MadoguchiError(
      'CERT_REVOKED',
      held ? 'the certificate is on hold' : 'the certificate is revoked',
    );
  }
}
