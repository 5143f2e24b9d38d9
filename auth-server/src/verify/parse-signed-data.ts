import { createHash } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import { ContentInfo, id_data, id_signedData, SignedData, type SignerInfo } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Time } from '@peculiar/asn1-x509';
import type { CertificateCache, ParsedCertificate } from './parse-certificate';
import { signatureMatches } from './verify-signature';

const ATTRIBUTE = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;
const SHA256 = '2.16.840.1.101.3.4.2.1';
/** DER of OBJECT IDENTIFIER id-data: the only content-type attribute value accepted. */
const ID_DATA_DER = Buffer.from('06092a864886f70d010701', 'hex');
/** rsaEncryption or sha256WithRSAEncryption: what openssl, forge and the bridge write. */
const RSA_SIGNATURE = ['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.11'];

/** A CMS SignedData whose signature over its signed attributes verifies with the certificate it carries. */
export interface SignedDocument {
  content: Buffer;
  signingTime: Date;
  signer: ParsedCertificate;
}

/**
 * A DER CMS SignedData (RFC 5652) with one signer and the document encapsulated, checked in a fixed order: shape
 * (BAD_MESSAGE), the signer's certificate inside it (CERT_MALFORMED), then signed attributes — content type id-data,
 * message digest = SHA-256 of the content, a signing time — and the RSA PKCS#1 v1.5 SHA-256 signature over their DER
 * (SIGNATURE_INVALID, no detail). The certificate itself is not judged here: see verifyCertificate.
 */
export function parseSignedData(der: Buffer, cache: CertificateCache): SignedDocument {
  let signed: SignedData;
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== id_signedData) throw new TypeError('not SignedData');
    signed = AsnConvert.parse(info.content, SignedData);
  } catch (cause) {
    throw new MadoguchiError('BAD_MESSAGE', 'not a DER CMS SignedData', { cause });
  }
  const [signerInfo, ...others] = signed.signerInfos;
  const eContent = signed.encapContentInfo.eContent?.single;
  if (signerInfo === undefined || others.length > 0 || eContent === undefined) {
    throw new MadoguchiError('BAD_MESSAGE', 'expected one signer and the document encapsulated');
  }
  const content = Buffer.from(eContent.buffer);
  const signer = signerCertificate(signed, signerInfo, cache);
  const invalid = () => new MadoguchiError('SIGNATURE_INVALID', 'the CMS signature does not verify');
  const signedAttrs = signerInfo.signedAttrs ?? [];
  const attributes = new Map((signerInfo.signedAttrs ?? []).map((a) => [a.attrType, a.attrValues]));
  const single = (oid: string): ArrayBuffer => {
    const values = attributes.get(oid);
    if (values?.length !== 1) throw invalid();
    return values[0]!;
  };
  let signingTime: Date;
  try {
    if (
      signedAttrs.length === 0 ||
      signed.encapContentInfo.eContentType !== id_data ||
      signerInfo.digestAlgorithm.algorithm !== SHA256 ||
      !RSA_SIGNATURE.includes(signerInfo.signatureAlgorithm.algorithm) ||
      !Buffer.from(single(ATTRIBUTE.contentType)).equals(ID_DATA_DER) ||
      // DER OCTET STRING of the 32-byte digest: 04 20 ‖ SHA-256(content).
      !Buffer.from(single(ATTRIBUTE.messageDigest)).equals(
        Buffer.concat([Buffer.of(0x04, 0x20), createHash('sha256').update(content).digest()]),
      )
    ) {
      throw invalid();
    }
    signingTime = AsnConvert.parse(single(ATTRIBUTE.signingTime), Time).getTime();
  } catch (error) {
    throw error instanceof MadoguchiError ? error : invalid();
  }
  // RFC 5652 §5.4: the signature covers the DER of the attributes as a SET OF (tag 31), not the [0] they are sent
  // in. Re-encoding them in the order received gives back exactly the signer's DER (each value is kept raw).
  const signedBytes = derSetOf(signedAttrs.map((a) => Buffer.from(AsnConvert.serialize(a))));
  if (!signatureMatches(signer, signedBytes, Buffer.from(signerInfo.signature.buffer))) throw invalid();
  return { content, signingTime, signer };
}

/** The certificate the signer identifies by issuer and serial, from those the SignedData carries. */
function signerCertificate(
  signed: SignedData,
  signerInfo: SignerInfo,
  cache: CertificateCache,
): ParsedCertificate {
  const id = signerInfo.sid.issuerAndSerialNumber;
  const match = (signed.certificates ?? [])
    .map((choice) => choice.certificate)
    .find(
      (c) =>
        c !== undefined &&
        id !== undefined &&
        Buffer.from(c.tbsCertificate.serialNumber).equals(Buffer.from(id.serialNumber)) &&
        Buffer.from(AsnConvert.serialize(c.tbsCertificate.issuer)).equals(
          Buffer.from(AsnConvert.serialize(id.issuer)),
        ),
    );
  if (match === undefined)
    throw new MadoguchiError('CERT_MALFORMED', 'the SignedData does not carry its signer');
  return cache.parse(Buffer.from(AsnConvert.serialize(match)));
}

/** DER SET OF with its elements in the given order: tag 31, definite length. */
function derSetOf(elements: Buffer[]): Buffer {
  const body = Buffer.concat(elements);
  const n = body.length;
  if (n > 0xffff) throw new MadoguchiError('SIGNATURE_INVALID', 'the signed attributes are too long');
  const length = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
  return Buffer.concat([Buffer.of(0x31), length, body]);
}
