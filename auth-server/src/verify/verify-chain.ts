import type { X509Certificate } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import type { ParsedCertificate } from './parse-certificate';
import type { TrustAnchors } from './trust-anchors';

/**
 * Step 2: the certificate was issued by a trusted root of its kind, directly or through a link certificate
 * (NewWithOld / OldWithNew) that itself chains to a trusted root and is valid now. Returns the certificate whose
 * key signed it: that key's CRL is the one that covers it. CERT_UNTRUSTED otherwise.
 */
export function verifyChain(cert: ParsedCertificate, trust: TrustAnchors, now: Date): X509Certificate {
  const direct = trust.anchors.find((ca) => issuedBy(cert.x509, ca));
  if (direct !== undefined) return direct;
  const link = trust.links.find(
    (l) => issuedBy(cert.x509, l) && validAt(l, now) && trust.anchors.some((ca) => issuedBy(l, ca)),
  );
  if (link !== undefined) return link;
  throw new MadoguchiError(
    'CERT_UNTRUSTED',
    'the certificate does not chain to a trusted JPKI CA of its kind',
  );
}

function issuedBy(child: X509Certificate, ca: X509Certificate): boolean {
  try {
    return ca.ca && child.checkIssued(ca) && child.verify(ca.publicKey);
  } catch {
    return false;
  }
}

const validAt = (c: X509Certificate, now: Date): boolean =>
  Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);
