import { verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  CertificateList,
  CRLNumber,
  CRLReason,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
} from '@peculiar/asn1-x509';
import { keyFingerprint } from './trust-anchors';
import { normalizeSerial } from './serial';

/** A CRL whose signature has been checked: who signed it, when it is fresh until, and what it lists. */
export interface VerifiedCrl {
  /** keyFingerprint of the CA key that signed it. */
  readonly issuerKey: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  /** The cRLNumber extension (RFC 5280 §5.2.3), which only grows from one CRL of a CA to the next. */
  readonly crlNumber: bigint | undefined;
  /** Serial → CRL reason code (undefined when the entry has none). */
  readonly revoked: ReadonlyMap<string, number | undefined>;
  /** Serial → revocation date (for a signature judged at its signing time). */
  readonly revokedAt: ReadonlyMap<string, Date>;
}

const RSA_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/**
 * Parses a DER (or PEM) CRL and checks its signature against the candidate CA keys. Anything unparsable, unsigned
 * by a trusted key, or without nextUpdate is CRL_INVALID: a CRL we cannot trust never counts as "not revoked".
 */
export function parseCrl(bytes: Buffer, caKeys: readonly KeyObject[]): VerifiedCrl {
  const der = fromPem(bytes);
  let crl: CertificateList;
  try {
    crl = AsnConvert.parse(der, CertificateList);
    // Only DER: a lenient parse of altered framing must not yield a CRL whose inner signature still checks.
    if (!Buffer.from(AsnConvert.serialize(crl)).equals(der)) throw new TypeError('not DER');
  } catch (cause) {
    throw new MadoguchiError('CRL_INVALID', 'the CRL is not a DER CertificateList', { cause });
  }
  const hash = RSA_HASH[crl.signatureAlgorithm.algorithm];
  // RFC 5280 §5.1.1.2: the unsigned outer algorithm must equal the signed inner one, parameters included.
  const sameAlgorithm = Buffer.from(AsnConvert.serialize(crl.signatureAlgorithm)).equals(
    Buffer.from(AsnConvert.serialize(crl.tbsCertList.signature)),
  );
  if (hash === undefined || !sameAlgorithm) {
    throw new MadoguchiError('CRL_INVALID', 'the CRL signature algorithm is not RSA with SHA-2');
  }
  const tbs = Buffer.from(crl.tbsCertListRaw ?? AsnConvert.serialize(crl.tbsCertList));
  const signature = Buffer.from(crl.signature);
  const signer = caKeys.find((key) => {
    try {
      return cryptoVerify(hash, tbs, key, signature);
    } catch {
      return false;
    }
  });
  if (signer === undefined)
    throw new MadoguchiError('CRL_INVALID', 'the CRL is not signed by a trusted CA key');
  const { thisUpdate, nextUpdate, revokedCertificates = [], crlExtensions = [] } = crl.tbsCertList;
  if (nextUpdate === undefined) throw new MadoguchiError('CRL_INVALID', 'the CRL has no nextUpdate');
  const numberExt = crlExtensions.find((e) => e.extnID === id_ce_cRLNumber);
  let crlNumber: bigint | undefined;
  try {
    // The converter gives a number for short integers and decimal text for longer ones (up to 20 octets).
    crlNumber = numberExt && BigInt(AsnConvert.parse(numberExt.extnValue, CRLNumber).value);
  } catch (cause) {
    throw new MadoguchiError('CRL_INVALID', 'the CRL number is not an integer', { cause });
  }
  const revoked = new Map<string, number | undefined>();
  const revokedAt = new Map<string, Date>();
  for (const entry of revokedCertificates) {
    const serial = normalizeSerial(Buffer.from(entry.userCertificate).toString('hex'));
    revokedAt.set(serial, entry.revocationDate.getTime());
    const reasonExt = entry.crlEntryExtensions?.find((e) => e.extnID === id_ce_cRLReasons);
    revoked.set(serial, reasonExt && AsnConvert.parse(reasonExt.extnValue, CRLReason).reason);
  }
  return {
    issuerKey: keyFingerprint(signer),
    thisUpdate: thisUpdate.getTime(),
    nextUpdate: nextUpdate.getTime(),
    crlNumber,
    revoked,
    revokedAt,
  };
}

function fromPem(bytes: Buffer): Buffer {
  const text = bytes.subarray(0, 32).toString('latin1');
  if (!text.startsWith('-----BEGIN')) return bytes;
  const body = bytes
    .toString('latin1')
    .replace(/-----[^-]+-----/g, '')
    .replace(/\s+/g, '');
  return Buffer.from(body, 'base64');
}
