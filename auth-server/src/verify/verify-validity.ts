import { MadoguchiError } from '@madoguchi/protocol';
import { memoized } from './memo';
import type { ParsedCertificate } from './parse-certificate';

const periodOf = new WeakMap<ParsedCertificate, { notBefore: number; notAfter: number }>();

/** Step 3: now lies within notBefore..notAfter (inclusive, RFC 5280 §4.1.2.5). Judged against `now` every time. */
export function verifyValidity(cert: ParsedCertificate, now: Date): void {
  const { notBefore, notAfter } = memoized(periodOf, cert, (c) => ({
    notBefore: c.asn.tbsCertificate.validity.notBefore.getTime().getTime(),
    notAfter: c.asn.tbsCertificate.validity.notAfter.getTime().getTime(),
  }));
  if (now.getTime() < notBefore) {
    throw new MadoguchiError('CERT_NOT_YET_VALID', 'the certificate is not valid yet');
  }
  if (now.getTime() > notAfter) {
    throw new MadoguchiError('CERT_EXPIRED', 'the certificate has expired');
  }
}
