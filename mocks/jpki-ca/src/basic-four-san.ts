import { X509Certificate } from 'node:crypto';
import { BasicFourSchema, eraDigitFor, MadoguchiError, OID, type BasicFour } from '@madoguchi/protocol';
import { Value } from '@sinclair/typebox/value';
import * as der from './der';
import { EXTENSION_OID, otherName } from './extensions';

/**
 * The basic four facts as a signature certificate carries them: otherName entries under 1.2.392.200149.8.5.5
 * (jpki.md §2). The substitute-character entries (代替文字) hold the same text here: the mock has no characters
 * outside the card's repertoire to substitute.
 */
export function basicFourAltNames(facts: BasicFour): der.Der[] {
  return [
    otherName(OID.SAN_NAME, facts.name),
    otherName(OID.SAN_NAME_SUBSTITUTE, facts.name),
    otherName(OID.SAN_SEX, facts.sex),
    otherName(OID.SAN_DATE_OF_BIRTH, eraDigitFor(facts.dateOfBirth) + facts.dateOfBirth),
    otherName(OID.SAN_ADDRESS, facts.address),
    otherName(OID.SAN_ADDRESS_SUBSTITUTE, facts.address),
  ];
}

/**
 * Reads the basic four facts back out of a signature certificate (PEM or DER). Throws MadoguchiError
 * `CERT_MALFORMED` when the certificate does not parse or its subjectAltName lacks or garbles a fact.
 */
export function readBasicFour(certificate: string | Uint8Array): BasicFour {
  let entries: Map<string, string>;
  try {
    entries = otherNameEntries(new X509Certificate(certificate).raw);
  } catch (cause) {
    throw new MadoguchiError('CERT_MALFORMED', 'not a certificate with a readable subjectAltName', { cause });
  }
  const text = (typeId: string, label: string): string => {
    const value = entries.get(typeId);
    if (value === undefined) throw new MadoguchiError('CERT_MALFORMED', `subjectAltName has no ${label}`);
    return value;
  };
  const datedBirth = text(OID.SAN_DATE_OF_BIRTH, 'date of birth');
  const dateOfBirth = datedBirth.slice(1);
  if (!/^[0-9]{9}$/.test(datedBirth) || datedBirth[0] !== eraDigitFor(dateOfBirth)) {
    throw new MadoguchiError('CERT_MALFORMED', `date of birth is not <era digit>YYYYMMDD: ${datedBirth}`);
  }
  const facts = {
    name: text(OID.SAN_NAME, 'name'),
    address: text(OID.SAN_ADDRESS, 'address'),
    dateOfBirth,
    sex: text(OID.SAN_SEX, 'sex'),
  };
  if (!Value.Check(BasicFourSchema, facts)) {
    throw new MadoguchiError(
      'CERT_MALFORMED',
      'subjectAltName facts are out of range (sex must be 1, 2 or 9)',
    );
  }
  return facts;
}

/** otherName type-id → UTF8String value, from the certificate's subjectAltName. */
function otherNameEntries(certificateDer: Uint8Array): Map<string, string> {
  const [tbs] = der.childrenOf(der.decode(certificateDer));
  const extensions = der.childrenOf(tbs!).find((node) => der.isContext(node, 3));
  if (extensions === undefined) throw new TypeError('certificate has no extensions');
  const san = der
    .childrenOf(der.childrenOf(extensions)[0]!)
    .map((ext) => der.childrenOf(ext))
    .find((fields) => der.readOid(fields[0]!) === EXTENSION_OID.subjectAltName);
  if (san === undefined) throw new TypeError('certificate has no subjectAltName');
  const entries = new Map<string, string>();
  for (const generalName of der.childrenOf(der.decode(der.readOctets(san[san.length - 1]!)))) {
    if (!der.isContext(generalName, 0)) continue;
    const [typeId, value] = der.childrenOf(generalName);
    entries.set(der.readOid(typeId!), der.readUtf8(der.childrenOf(value!)[0]!));
  }
  return entries;
}
