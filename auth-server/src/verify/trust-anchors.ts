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
