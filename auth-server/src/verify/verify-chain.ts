import type { KeyObject, X509Certificate } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import { memoized } from './memo';
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

/**
 * Whether `ca` issued `child` (CA flag, names, and the signature under the CA's key): a fact of the two certificates'
 * bytes alone, so it is verified once per pair of certificate objects (the card's from CertificateCache, the CA's
 * loaded once) and remembered with the child. The CA's validity at a given time is judged apart, on every call.
 */
const issuedByCache = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

function issuedBy(child: X509Certificate, ca: X509Certificate): boolean {
  const verdicts = memoized(issuedByCache, child, () => new WeakMap<X509Certificate, boolean>());
  return memoized(verdicts, ca, () => {
    try {
      return ca.ca && child.checkIssued(ca) && child.verify(caKey(ca));
    } catch {
      return false;
    }
  });
}

/** X509Certificate#publicKey builds a new KeyObject on every read. */
const keys = new WeakMap<X509Certificate, KeyObject>();
const caKey = (ca: X509Certificate): KeyObject => memoized(keys, ca, (c) => c.publicKey);

const periods = new WeakMap<X509Certificate, { from: number; to: number }>();

const validAt = (c: X509Certificate, now: Date): boolean => {
  const { from, to } = memoized(periods, c, (x) => ({
    from: Date.parse(x.validFrom),
    to: Date.parse(x.validTo),
  }));
  return from <= now.getTime() && now.getTime() <= to;
};
