import { X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config, TrustConfig } from '../config/config-schema';
import { configError } from '@madoguchi/protocol';
import type { KeyKind } from '../verify/key-kind';
import type { TrustAnchors } from '../verify/trust-anchors';

export interface CrlSource {
  kind: KeyKind;
  /** A file path or an http(s) URL. */
  source: string;
}

export interface LoadedTrust {
  anchors: Record<KeyKind, TrustAnchors>;
  crlSources: CrlSource[];
}

/**
 * Reads the trust configuration: each kind's roots and link certificates, and where its CRLs come from. A `dir` in
 * the J-LIS layout contributes every g<N>/ca.pem, g<N>/new-with-old.pem, g<N>/old-with-new.pem and g<N>/crl.der.
 */
export function loadTrust(config: Config['trust']): LoadedTrust {
  const auth = expand(config.auth);
  const sign = expand(config.sign);
  const anchorsOf = (kind: KeyKind, e: Expanded): TrustAnchors => ({
    anchors: e.anchors.map((f) => readCertificate(kind, f)),
    links: e.links.map((f) => readCertificate(kind, f)),
  });
  return {
    anchors: { auth: anchorsOf('auth', auth), sign: anchorsOf('sign', sign) },
    crlSources: [
      ...auth.crls.map((source) => ({ kind: 'auth' as const, source })),
      ...sign.crls.map((source) => ({ kind: 'sign' as const, source })),
    ],
  };
}

interface Expanded {
  anchors: string[];
  links: string[];
  crls: string[];
}

function expand(t: TrustConfig): Expanded {
  const generations =
    t.dir === undefined
      ? []
      : readDir(t.dir)
          .filter((name) => /^g[0-9]+$/.test(name))
          .map((name) => path.join(t.dir!, name));
  const present = (file: string) => generations.map((g) => path.join(g, file)).filter((f) => existsSync(f));
  return {
    anchors: [...present('ca.pem'), ...t.anchors],
    links: [...present('new-with-old.pem'), ...present('old-with-new.pem'), ...t.links],
    crls: [...present('crl.der'), ...t.crls],
  };
}

function readDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    throw configError('trust.*.dir', dir, 'cannot be read', 'point it at a CA directory holding g1/ca.pem');
  }
}

function readCertificate(kind: KeyKind, file: string): X509Certificate {
  try {
    const cert = new X509Certificate(readFileSync(file));
    if (!cert.ca) throw new Error('not a CA certificate');
    return cert;
  } catch (cause) {
    throw configError(
      `trust.${kind}`,
      file,
      `is not a readable CA certificate (${(cause as Error).message})`,
      'list PEM CA certificates',
    );
  }
}
