import { MadoguchiError } from '@madoguchi/protocol';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_ce_keyUsage, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import { attempt, memoized, type Parsed } from './memo';
import type { ParsedCertificate } from './parse-certificate';

const flagsOf = new WeakMap<ParsedCertificate, Parsed<number>>();

/** The keyUsage bits (0 without the extension), parsed once per certificate. */
const keyUsageFlags = (cert: ParsedCertificate): Parsed<number> =>
  memoized(flagsOf, cert, (c) =>
    attempt(() => {
      const ext = c.asn.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
      return ext === undefined ? 0 : AsnConvert.parse(ext.extnValue, KeyUsage).toNumber();
    }),
  );

/** Step 4a: a keyUsage extension that allows digitalSignature. A certificate without one is refused, not assumed. */
export function verifyKeyUsage(cert: ParsedCertificate): void {
  const flags = keyUsageFlags(cert);
  if (!flags.ok) {
    throw new MadoguchiError('CERT_KEY_USAGE', 'the keyUsage extension does not parse', {
      cause: flags.cause,
    });
  }
  if ((flags.value & KeyUsageFlags.digitalSignature) === 0) {
    throw new MadoguchiError('CERT_KEY_USAGE', 'the certificate does not allow digitalSignature');
  }
}
