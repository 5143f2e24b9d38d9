import { appendFile, readFile } from 'node:fs/promises';
import {
  formatSerialListRow,
  isMadoguchiError,
  parseSerialList,
  SERIAL_LIST_HEADER,
  type SerialListRow,
} from '@madoguchi/protocol';
import { JpkiCaError } from './errors';
import { writeNewFile } from './state';

/**
 * The old→new serial list J-LIS hands to verifiers (新旧シリアル番号の紐付け), in the format protocol/ defines for it
 * (card/serial-list.ts): this CA writes it, the auth-server imports it.
 */
export { SERIAL_LIST_HEADER, type SerialListRow };

export const createSerialList = (path: string): Promise<void> =>
  writeNewFile(path, `${SERIAL_LIST_HEADER}\n`);

export async function appendSerialListRow(path: string, row: SerialListRow): Promise<void> {
  await appendFile(path, `${formatSerialListRow(row)}\n`);
}

/** Reads the CA's own list; a malformed one is STATE_CORRUPT naming the file and line. */
export async function readSerialList(path: string): Promise<SerialListRow[]> {
  const text = await readFile(path, 'utf8');
  try {
    return parseSerialList(text);
  } catch (error) {
    if (isMadoguchiError(error)) throw new JpkiCaError('STATE_CORRUPT', `${path}: ${error.message}`);
    throw error;
  }
}
