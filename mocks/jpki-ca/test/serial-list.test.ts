import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSerialList, SERIAL_LIST_HEADER, type SerialListRow } from '../src';
import { appendSerialListRow, createSerialList } from '../src/serial-list';
import { tempDir } from './helpers/tmp';

describe('the serial list', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeAll(async () => (dir = await tempDir()));
  afterAll(() => dir.remove());

  const row: SerialListRow = {
    kind: 'auth',
    oldIssuer: 'OU=say \\"hi\\",O=JPKI,C=JP',
    oldSerial: '4A2D08661F22768504C111736E76904B',
    newSerial: '61193AAE7E18EA7CBDAA4330E9799AFE',
    renewedAt: '2025-04-03T00:00:00.000Z',
  };

  it('is CSV with a header, quoting fields that need it, and reads back', async () => {
    const path = join(dir.path, 'list.csv');
    await createSerialList(path);
    await appendSerialListRow(path, row);
    await appendSerialListRow(path, { ...row, kind: 'sign', oldIssuer: 'C=JP' });
    expect(await readFile(path, 'utf8')).toBe(
      `${SERIAL_LIST_HEADER}\n` +
        `auth,"OU=say \\""hi\\"",O=JPKI,C=JP",${row.oldSerial},${row.newSerial},${row.renewedAt}\n` +
        `sign,C=JP,${row.oldSerial},${row.newSerial},${row.renewedAt}\n`,
    );
    expect(await readSerialList(path)).toEqual([row, { ...row, kind: 'sign', oldIssuer: 'C=JP' }]);
  });

  it.each([
    ['a wrong header', 'kind,serial\n', /first line/],
    ['a short row', `${SERIAL_LIST_HEADER}\nauth,C=JP,01\n`, /:2: expected/],
    ['an unknown kind', `${SERIAL_LIST_HEADER}\nroot,C=JP,01,02,2025-04-03T00:00:00.000Z\n`, /:2: expected/],
    ['an unterminated quote', `${SERIAL_LIST_HEADER}\nauth,"C=JP,01,02,2025\n`, /:2: expected/],
  ])('reports %s', async (_label, content, message) => {
    const path = join(dir.path, 'broken.csv');
    await writeFile(path, content);
    await expect(readSerialList(path)).rejects.toMatchObject({ code: 'STATE_CORRUPT', message });
  });
});
