/** Serials compare as upper-case hex without leading zero bytes (X509Certificate's form, the CRL's bytes alike). */
export function normalizeSerial(hex: string): string {
  return hex.toUpperCase().replace(/^(?:00)+(?=[0-9A-F])/, '');
}
