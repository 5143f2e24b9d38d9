import type { Name } from '@peculiar/asn1-x509';

/** Short names for the attribute types JPKI names use; anything else is written as its dotted OID (RFC 4514 §2.3). */
const SHORT_NAME: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
};

/**
 * A distinguished name in RFC 4514 form (most specific RDN first), the form J-LIS-style serial lists use for the
 * issuer, so that the holder key of a certificate and a serial-list row compare as plain strings.
 */
export function formatRfc4514(name: Name): string {
  return [...name]
    .reverse()
    .map((rdn) =>
      [...rdn]
        .map((atv) => `${SHORT_NAME[atv.type] ?? atv.type}=${escapeValue(atv.value.toString())}`)
        .join('+'),
    )
    .join(',');
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}
