import { MadoguchiError } from '@madoguchi/protocol';
import type { ParsedCertificate } from './parse-certificate';

/** Step 3: now lies within notBefore..notAfter (inclusive, RFC 5280 §4.1.2.5). */
export function verifyValidity(cert: ParsedCertificate, now: Date): void {
  const { notBefore, notAfter } = cert.asn.tbsCertificate.validity;
  if (now.getTime() < notBefore.getTime().getTime()) {
    throw new MadoguchiError('CERT_NOT_YET_VALID', 'the certificate is not valid yet');
  }
  if (now.getTime() > notAfter.getTime().getTime()) {
    throw new MadoguchiError('CERT_EXPIRED', 'the certificate has expired');
  }
}
