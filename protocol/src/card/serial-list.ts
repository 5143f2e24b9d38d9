import { MadoguchiError } from '../errors';

/**
 * The old→new serial list a CA hands to verifiers when it renews a card (新旧シリアル番号の紐付け), so that the
 * verifier can move the new certificate onto the same holder. J-LIS's own format is not public; ours is CSV
 * (RFC 4180) with this header, one row per renewal in time order. old_issuer is the issuing CA's DN in RFC 4514 form
 * (quoted, it contains commas); the new certificate has the same issuer name. Written by mocks/jpki-ca, read by the
 * auth-server.
 */
export const SERIAL_LIST_HEADER = 'kind,old_issuer,old_serial,new_serial,renewed_at';

export interface SerialListRow {
  kind: 'auth' | 'sign';
  oldIssuer: string;
  /** Hex, as in the certificate. */
  oldSerial: string;
  newSerial: string;
  /** ISO 8601, UTC. */
  renewedAt: string;
}

export function formatSerialListRow(row: SerialListRow): string {
  return [row.kind, row.oldIssuer, row.oldSerial, row.newSerial, row.renewedAt].map(csvField).join(',');
}

/** Parses a whole list; a wrong header or a malformed row is BAD_MESSAGE naming its line. */
export function parseSerialList(text: string): SerialListRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== SERIAL_LIST_HEADER) {
    throw new MadoguchiError('BAD_MESSAGE', `serial list: the first line must be "${SERIAL_LIST_HEADER}"`);
  }
  const hex = /^[0-9A-Fa-f]{1,40}$/;
  return lines.slice(1).map((line, i) => {
    const fields = parseCsvLine(line);
    const [kind, oldIssuer, oldSerial, newSerial, renewedAt] = fields ?? [];
    if (
      fields?.length !== 5 ||
      (kind !== 'auth' && kind !== 'sign') ||
      !oldIssuer ||
      !hex.test(oldSerial!) ||
      !hex.test(newSerial!) ||
      Number.isNaN(Date.parse(renewedAt!))
    ) {
      throw new MadoguchiError('BAD_MESSAGE', `serial list line ${i + 2}: expected ${SERIAL_LIST_HEADER}`);
    }
    return { kind, oldIssuer, oldSerial: oldSerial!, newSerial: newSerial!, renewedAt: renewedAt! };
  });
}

const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** One RFC 4180 record on one line; undefined when it is not well formed. */
function parseCsvLine(line: string): string[] | undefined {
  const field = /(?:"((?:[^"]|"")*)"|([^",]*))(,|$)/y;
  const fields: string[] = [];
  for (;;) {
    const match = field.exec(line);
    if (match === null) return undefined;
    fields.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!);
    if (match[3] === '') return fields;
  }
}
