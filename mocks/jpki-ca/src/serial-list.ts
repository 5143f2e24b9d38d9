import { appendFile, readFile } from 'node:fs/promises';
import { CA_KINDS, type CaKind } from './ca-kind';
import { JpkiCaError } from './errors';
import { writeNewFile } from './state';

/**
 * The old→new serial list J-LIS hands to verifiers (新旧シリアル番号の紐付け). Its real format is not public; ours is
 * CSV (RFC 4180) with a header, one row per renewal, appended in time order. old_issuer is the issuing CA's DN in
 * RFC 4514 form (quoted, as it contains commas); the new certificate has the same issuer name.
 */
export const SERIAL_LIST_HEADER = 'kind,old_issuer,old_serial,new_serial,renewed_at';

export interface SerialListRow {
  kind: CaKind;
  oldIssuer: string;
  oldSerial: string;
  newSerial: string;
  /** ISO 8601, UTC. */
  renewedAt: string;
}

export const createSerialList = (path: string): Promise<void> =>
  writeNewFile(path, `${SERIAL_LIST_HEADER}\n`);

export async function appendSerialListRow(path: string, row: SerialListRow): Promise<void> {
  const fields = [row.kind, row.oldIssuer, row.oldSerial, row.newSerial, row.renewedAt];
  await appendFile(path, `${fields.map(csvField).join(',')}\n`);
}

/** Parses a serial list file; a wrong header or a malformed row is STATE_CORRUPT with its line number. */
export async function readSerialList(path: string): Promise<SerialListRow[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
  if (lines[0] !== SERIAL_LIST_HEADER) {
    throw new JpkiCaError('STATE_CORRUPT', `${path}: the first line must be "${SERIAL_LIST_HEADER}"`);
  }
  return lines.slice(1).map((line, i) => {
    const fields = parseCsvLine(line) ?? [];
    const [kind, oldIssuer, oldSerial, newSerial, renewedAt] = fields;
    if (fields.length !== 5 || !CA_KINDS.includes(kind as CaKind)) {
      throw new JpkiCaError('STATE_CORRUPT', `${path}:${i + 2}: expected ${SERIAL_LIST_HEADER}`);
    }
    return {
      kind: kind as CaKind,
      oldIssuer: oldIssuer!,
      oldSerial: oldSerial!,
      newSerial: newSerial!,
      renewedAt: renewedAt!,
    };
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
