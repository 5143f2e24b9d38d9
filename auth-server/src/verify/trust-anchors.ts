import { createHash, type KeyObject, type X509Certificate } from 'node:crypto';

/** What one CA kind trusts: its roots (every generation) and the link certificates between generations. */
export interface TrustAnchors {
  readonly anchors: readonly X509Certificate[];
  readonly links: readonly X509Certificate[];
}

/** A CA key's identity for matching CRLs to issuers: SHA-256 of its SubjectPublicKeyInfo. */
export function keyFingerprint(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('base64url');
}

const fingerprints = new WeakMap<X509Certificate, string>();

/**
 * keyFingerprint of a CA certificate's key, computed once per certificate object (the trust anchors are loaded once
 * and live as long as the server; `publicKey` makes a new KeyObject on every read, so the export is the cost).
 */
export function certificateKeyFingerprint(ca: X509Certificate): string {
  let fingerprint = fingerprints.get(ca);
  if (fingerprint === undefined) {
    fingerprint = keyFingerprint(ca.publicKey);
    fingerprints.set(ca, fingerprint);
  }
  return fingerprint;
}
