import { BasicFourSchema, eraDigitFor, MadoguchiError, OID, type BasicFour } from '@madoguchi/protocol';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_ce_subjectAltName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { Value } from '@sinclair/typebox/value';
import type { ParsedCertificate } from './parse-certificate';

/**
 * The basic four facts a signature certificate carries in its subjectAltName (otherName entries under
 * 1.2.392.200149.8.5.5, jpki.md §2). Call it only on a certificate that has passed verifyCertificate: the facts are
 * J-LIS's word only once the chain, validity and revocation have been checked. CERT_MALFORMED when one is missing.
 */
export function readBasicFour(cert: ParsedCertificate): BasicFour {
  const entries = new Map<string, string>();
  try {
    const ext = cert.asn.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
    if (ext === undefined) throw new TypeError('no subjectAltName');
    for (const name of AsnConvert.parse(ext.extnValue, SubjectAlternativeName)) {
      if (name.otherName) entries.set(name.otherName.typeId, utf8String(Buffer.from(name.otherName.value)));
    }
  } catch (cause) {
    throw new MadoguchiError('CERT_MALFORMED', 'the subjectAltName does not parse', { cause });
  }
  const text = (oid: string, label: string): string => {
    const value = entries.get(oid);
    if (value === undefined) throw new MadoguchiError('CERT_MALFORMED', `the subjectAltName has no ${label}`);
    return value;
  };
  const dated = text(OID.SAN_DATE_OF_BIRTH, 'date of birth');
  const dateOfBirth = dated.slice(1);
  const facts = {
    name: text(OID.SAN_NAME, 'name'),
    address: text(OID.SAN_ADDRESS, 'address'),
    dateOfBirth,
    sex: text(OID.SAN_SEX, 'sex'),
  };
  if (
    !/^[0-9]{9}$/.test(dated) ||
    dated[0] !== eraDigitFor(dateOfBirth) ||
    !Value.Check(BasicFourSchema, facts)
  ) {
    throw new MadoguchiError('CERT_MALFORMED', 'the subjectAltName facts are out of range');
  }
  return facts;
}

/** A DER UTF8String (tag 0C, definite length): the value inside an otherName's [0]. */
function utf8String(der: Buffer): string {
  if (der[0] !== 0x0c) throw new TypeError('not a UTF8String');
  const first = der[1] ?? 0;
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  const length = lengthBytes ? der.readUIntBE(2, lengthBytes) : first;
  const start = 2 + lengthBytes;
  if (start + length !== der.length) throw new TypeError('bad UTF8String length');
  return new TextDecoder('utf-8', { fatal: true }).decode(der.subarray(start));
}
