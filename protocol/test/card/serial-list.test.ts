import {
  formatSerialListRow,
  parseSerialList,
  SERIAL_LIST_HEADER,
  type SerialListRow,
} from '../../src/card/serial-list';

const row: SerialListRow = {
  kind: 'auth',
  oldIssuer:
    'OU=Japan Agency for Local Authority Information Systems,OU=JPKI for user authentication,O=JPKI,C=JP',
  oldSerial: '6BED98030DF4AC10',
  newSerial: '0A1B2C',
  renewedAt: '2026-11-25T00:00:00.000Z',
};

describe('serial list', () => {
  it('round-trips a row whose issuer DN needs quoting', () => {
    const text = `${SERIAL_LIST_HEADER}\n${formatSerialListRow(row)}\n`;
    expect(formatSerialListRow(row)).toContain('"OU=Japan');
    expect(parseSerialList(text)).toEqual([row]);
  });
  it.each([
    ['a wrong header', 'kind,serial\n', /first line/],
    ['a wrong kind', `${SERIAL_LIST_HEADER}\nboth,x,01,02,2026-01-01\n`, /line 2/],
    ['a serial that is not hex', `${SERIAL_LIST_HEADER}\nauth,x,zz,02,2026-01-01\n`, /line 2/],
    ['a bad date', `${SERIAL_LIST_HEADER}\nauth,x,01,02,yesterday\n`, /line 2/],
    ['an unterminated quote', `${SERIAL_LIST_HEADER}\nauth,"x,01,02,2026-01-01\n`, /line 2/],
  ])('refuses %s with BAD_MESSAGE', (_name, text, message) => {
    expect(() => parseSerialList(text)).toThrow(
      expect.objectContaining({ code: 'BAD_MESSAGE', message: expect.stringMatching(message) }),
    );
  });
});
