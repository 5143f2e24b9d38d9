import { MadoguchiError } from '@madoguchi/protocol';
import type { SerialListEntry } from './import-serial-list';

/** The old→new serial list's header (CSV, RFC 4180; the format mocks/jpki-ca writes for J-LIS's unpublished one). */
export const SERIAL_LIST_HEADER = 'kind,old_issuer,old_serial,new_serial,renewed_at';

/** Parses the list; a wrong header or a malformed row is BAD_MESSAGE naming its line. */
export function parseSerialList(text: string): SerialListEntry[] {
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== SERIAL_LIST_HEADER) {
    throw new MadoguchiError('BAD_MESSAGE', `serial list: the first line must be "${SERIAL_LIST_HEADER}"`);
  }
  return lines.slice(1).map((line, i) => {
    const fields = parseCsvLine(line);
    const [kind, oldIssuer, oldSerial, newSerial, renewedAt] = fields ?? [];
    const hex = /^[0-9A-Fa-f]{1,40}$/;
    if (
      fields?.length !== 5 ||
      (kind !== 'auth' && kind !== 'sign') ||
      !hex.test(oldSerial!) ||
      !hex.test(newSerial!) ||
      Number.isNaN(Date.parse(renewedAt!))
    ) {
      throw new MadoguchiError('BAD_MESSAGE', `serial list line ${i + 2}: expected ${SERIAL_LIST_HEADER}`);
    }
    return { oldIssuer: oldIssuer!, oldSerial: oldSerial!, newSerial: newSerial!, renewedAt: renewedAt! };
  });
}

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
