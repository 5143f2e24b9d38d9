import { createHash, X509Certificate } from 'node:crypto';
import { MadoguchiError } from '@madoguchi/protocol';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { formatRfc4514 } from './rfc4514';
import { normalizeSerial } from './serial';

/** A certificate parsed once: Node's view for crypto and validity, the ASN.1 view for extensions. */
export interface ParsedCertificate {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  readonly asn: Certificate;
  /** Issuer DN, RFC 4514. */
  readonly issuer: string;
  /** Upper-case hex, no leading zero bytes. */
  readonly serial: string;
  /** base64url SHA-256 of issuer + "\n" + serial: what the audit keeps instead of the serial itself. */
  readonly holderKeyHash: string;
}

/** Step 1: the bytes are one DER certificate, or CERT_MALFORMED. */
export function parseCertificate(der: Buffer): ParsedCertificate {
  try {
    if (der.length === 0 || der[0] !== 0x30) throw new TypeError('not a DER SEQUENCE');
    const asn = AsnConvert.parse(der, Certificate);
    const x509 = new X509Certificate(der);
    const issuer = formatRfc4514(asn.tbsCertificate.issuer);
    const serial = normalizeSerial(x509.serialNumber);
    const holderKeyHash = createHash('sha256').update(`${issuer}\n${serial}`).digest('base64url');
    return { der, x509, asn, issuer, serial, holderKeyHash };
  } catch (cause) {
    throw new MadoguchiError('CERT_MALFORMED', 'the certificate is not a DER X.509 certificate', { cause });
  }
}

/** Parsed certificates by SHA-256 of their DER: a card's certificate is parsed once, not on every login. */
export class CertificateCache {
  private readonly entries = new Map<string, ParsedCertificate>();

  constructor(private readonly capacity = 10_000) {}

  parse(der: Buffer): ParsedCertificate {
    const key = createHash('sha256').update(der).digest('base64url');
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert so the Map's insertion order doubles as least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const parsed = parseCertificate(der);
    this.entries.set(key, parsed);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }
}
