import { MadoguchiError } from '@madoguchi/protocol';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_ce_keyUsage, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import type { ParsedCertificate } from './parse-certificate';

/** Step 4a: a keyUsage extension that allows digitalSignature. A certificate without one is refused, not assumed. */
export function verifyKeyUsage(cert: ParsedCertificate): void {
  const ext = cert.asn.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
  let flags = 0;
  try {
    if (ext !== undefined) flags = AsnConvert.parse(ext.extnValue, KeyUsage).toNumber();
  } catch (cause) {
    throw new MadoguchiError('CERT_KEY_USAGE', 'the keyUsage extension does not parse', { cause });
  }
  if ((flags & KeyUsageFlags.digitalSignature) === 0) {
    throw new MadoguchiError('CERT_KEY_USAGE', 'the certificate does not allow digitalSignature');
  }
}
