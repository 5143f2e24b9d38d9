import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { MadoguchiError } from '@madoguchi/protocol';

/**
 * CMS SignedData (RFC 5652) whose signature the card makes: native crypto cannot build CMS, and node-forge's own
 * signer wants the private key, so we assemble the ASN.1 with forge and let the card sign the DER of the signed
 * attributes (§5.4: as a SET OF, tag 31, not the [0] IMPLICIT tag they carry inside SignerInfo).
 *
 * Two steps, because the card signs in between: `signedAttributes(document, time)` gives the bytes to sign;
 * `signedData(...)` wraps document, certificate, attributes and signature. SHA-256, RSA PKCS#1 v1.5.
 */
const { asn1 } = forge;
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

type Node = forge.asn1.Asn1;

export interface SignedAttributes {
  /** DER of the SET OF attributes: what the card signs (as a SHA-256 DigestInfo). */
  readonly der: Uint8Array;
  readonly nodes: Node[];
}

export function signedAttributes(document: Uint8Array, signingTime: Date): SignedAttributes {
  const digest = createHash('sha256').update(document).digest();
  const nodes = sortedByDer([
    attribute(OID.contentType, oid(OID.data)),
    attribute(
      OID.signingTime,
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(signingTime)),
    ),
    attribute(OID.messageDigest, octets(digest)),
  ]);
  return { der: toDer(set(nodes)), nodes };
}

export interface SignedDataInput {
  document: Uint8Array;
  /** The signer's certificate (DER), read from the card. */
  certificate: Uint8Array;
  attributes: SignedAttributes;
  /** RSA PKCS#1 v1.5 signature over SHA-256 DigestInfo of `attributes.der`. */
  signature: Uint8Array;
}

/** DER ContentInfo { signedData } with the document encapsulated. */
export function signedData(input: SignedDataInput): Uint8Array {
  const certificate = fromDer(input.certificate);
  const { issuer, serial } = issuerAndSerial(certificate);
  const sha256 = algorithm(OID.sha256);
  const signerInfo = seq([
    integer(1),
    seq([issuer, serial]),
    sha256,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, input.attributes.nodes),
    algorithm(OID.rsaEncryption),
    octets(input.signature),
  ]);
  const content = seq([
    integer(1),
    set([sha256]),
    seq([oid(OID.data), explicit(0, octets(input.document))]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [certificate]),
    set([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), explicit(0, content)]));
}

function issuerAndSerial(certificate: Node): { issuer: Node; serial: Node } {
  const tbs = children(certificate)[0];
  const fields = tbs ? children(tbs) : [];
  // tbsCertificate: [0] version (optional), serialNumber, signature, issuer, …
  const start = fields[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const serial = fields[start];
  const issuer = fields[start + 2];
  if (serial?.type !== asn1.Type.INTEGER || issuer?.type !== asn1.Type.SEQUENCE) {
    throw new MadoguchiError('CERT_MALFORMED', 'the signature certificate has no issuer and serial');
  }
  return { issuer, serial };
}

function children(node: Node): Node[] {
  return Array.isArray(node.value) ? node.value : [];
}

function attribute(type: string, value: Node): Node {
  return seq([oid(type), set([value])]);
}

function algorithm(id: string): Node {
  return seq([oid(id), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]);
}

const seq = (value: Node[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
const set = (value: Node[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, value);
const explicit = (tag: number, value: Node) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, [value]);
const oid = (id: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: Uint8Array) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, Buffer.from(bytes).toString('binary'));
const integer = (n: number) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());

/** DER sorts the members of a SET OF by their encodings (X.690 §11.6). */
function sortedByDer(nodes: Node[]): Node[] {
  return nodes
    .map((node) => ({ node, der: Buffer.from(toDer(node)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map((x) => x.node);
}

function toDer(node: Node): Uint8Array {
  return Uint8Array.from(Buffer.from(asn1.toDer(node).getBytes(), 'binary'));
}

function fromDer(bytes: Uint8Array): Node {
  try {
    return asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
  } catch (cause) {
    throw new MadoguchiError('CERT_MALFORMED', 'the signature certificate is not DER', { cause });
  }
}
