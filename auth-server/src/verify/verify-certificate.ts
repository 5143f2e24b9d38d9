import type { X509Certificate } from 'node:crypto';
import type { CertificateCache, ParsedCertificate } from './parse-certificate';
import type { KeyKind } from './key-kind';
import { verifyChain } from './verify-chain';
import { verifyKeyUsage } from './verify-key-usage';
import { verifyPolicy } from './verify-policy';
import { verifyRevocation, type CrlLookup } from './verify-revocation';
import type { TrustAnchors } from './trust-anchors';
import { verifyValidity } from './verify-validity';

export interface CertificateContext {
  cache: CertificateCache;
  trust: Record<KeyKind, TrustAnchors>;
  crls: CrlLookup;
  /** How long past nextUpdate a CRL still counts. */
  crlGraceMs: number;
}

export interface VerifiedCertificate {
  cert: ParsedCertificate;
  issuer: X509Certificate;
}

/**
 * A card certificate, checked in a fixed order that fails closed, each step with its own code: parse
 * (CERT_MALFORMED) → chain (CERT_UNTRUSTED) → validity (CERT_NOT_YET_VALID / CERT_EXPIRED) → key usage
 * (CERT_KEY_USAGE) → policy (CERT_POLICY) → revocation (CRL_STALE / CERT_REVOKED). `onParsed` sees the certificate
 * as soon as it parses, so that even a refusal can be audited against it.
 */
export function verifyCertificate(
  der: Buffer,
  keyKind: KeyKind,
  now: Date,
  ctx: CertificateContext,
  onParsed: (cert: ParsedCertificate) => void = () => undefined,
): VerifiedCertificate {
  const cert = ctx.cache.parse(der);
  onParsed(cert);
  const issuer = verifyChain(cert, ctx.trust[keyKind], now);
  verifyValidity(cert, now);
  verifyKeyUsage(cert);
  verifyPolicy(cert, keyKind);
  verifyRevocation(cert, issuer, keyKind, ctx.crls, now, ctx.crlGraceMs);
  return { cert, issuer };
}
