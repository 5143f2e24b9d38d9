import forge from 'node-forge';

/**
 * DER building blocks over forge.asn1. forge keeps bytes in "binary strings"; this module is the only place that
 * sees them, so the rest of the package works with Uint8Array and plain strings.
 */
const { asn1 } = forge;
const { Class, Type } = asn1;

export type Der = forge.asn1.Asn1;

const binary = (bytes: Uint8Array): string => Buffer.from(bytes).toString('binary');
const fromBinary = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'binary'));

/** forge's fromDer takes an options object at run time; its typings only know the boolean form. */
const fromDer = asn1.fromDer as unknown as (
  bytes: string,
  options: { strict: boolean; decodeBitStrings: boolean },
) => Der;

export const sequence = (...items: Der[]): Der => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
export const set = (...items: Der[]): Der => asn1.create(Class.UNIVERSAL, Type.SET, true, items);
export const oid = (dotted: string): Der =>
  asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
export const nul = (): Der => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
export const boolean = (value: boolean): Der =>
  asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, value ? '\xff' : '\x00');
export const utf8 = (text: string): Der =>
  asn1.create(Class.UNIVERSAL, Type.UTF8, false, forge.util.encodeUtf8(text));
export const printable = (text: string): Der =>
  asn1.create(Class.UNIVERSAL, Type.PRINTABLESTRING, false, text);
export const ia5 = (text: string): Der => asn1.create(Class.UNIVERSAL, Type.IA5STRING, false, text);
export const octetString = (bytes: Uint8Array): Der =>
  asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, binary(bytes));

/** A BIT STRING; the first content octet is the count of unused bits in the last byte. */
export const bitString = (bytes: Uint8Array, unusedBits = 0): Der =>
  asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, String.fromCharCode(unusedBits) + binary(bytes));

/** A non-negative INTEGER from big-endian bytes (a 00 is prepended when the high bit is set, as DER requires). */
export function unsignedInteger(bytes: Uint8Array, type: forge.asn1.Type = Type.INTEGER): Der {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const value = (trimmed[0] ?? 0) & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed;
  return asn1.create(Class.UNIVERSAL, type, false, binary(value.length === 0 ? Uint8Array.of(0) : value));
}

export const integer = (value: number): Der => unsignedInteger(bytesOfNumber(value));
export const enumerated = (value: number): Der => unsignedInteger(bytesOfNumber(value), Type.ENUMERATED);

function bytesOfNumber(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(16, '0'), 'hex'));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Der {
  return date.getUTCFullYear() < 2050
    ? asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date));
}

/** [n] EXPLICIT: a constructed context tag wrapping the whole inner encoding. */
export const explicit = (tag: number, inner: Der): Der =>
  asn1.create(Class.CONTEXT_SPECIFIC, tag, true, [inner]);

/** [n] IMPLICIT over a constructed type: the children, re-tagged. */
export const implicitConstructed = (tag: number, children: Der[]): Der =>
  asn1.create(Class.CONTEXT_SPECIFIC, tag, true, children);

/** [n] IMPLICIT over a primitive type: the raw content octets, re-tagged. */
export const implicitPrimitive = (tag: number, content: Uint8Array): Der =>
  asn1.create(Class.CONTEXT_SPECIFIC, tag, false, binary(content));

export const encode = (node: Der): Uint8Array => fromBinary(asn1.toDer(node).getBytes());

/** Parses DER strictly. Bit strings stay opaque so that re-encoding a parsed structure returns the same bytes. */
export const decode = (bytes: Uint8Array): Der =>
  fromDer(binary(bytes), { strict: true, decodeBitStrings: false });

// ---- reading parsed nodes ----

export const isContext = (node: Der, tag: number): boolean =>
  node.tagClass === Class.CONTEXT_SPECIFIC && node.type === tag;

export function childrenOf(node: Der): Der[] {
  if (!Array.isArray(node.value)) throw new TypeError('expected a constructed ASN.1 value');
  return node.value;
}

function primitive(node: Der, type: forge.asn1.Type, label: string): string {
  if (node.tagClass !== Class.UNIVERSAL || node.type !== type || typeof node.value !== 'string') {
    throw new TypeError(`expected ${label}`);
  }
  return node.value;
}

export const readOid = (node: Der): string =>
  asn1.derToOid(primitive(node, Type.OID, 'an OBJECT IDENTIFIER'));
export const readUtf8 = (node: Der): string =>
  forge.util.decodeUtf8(primitive(node, Type.UTF8, 'a UTF8String'));
export const readOctets = (node: Der): Uint8Array =>
  fromBinary(primitive(node, Type.OCTETSTRING, 'an OCTET STRING'));
