import { CA_ALT_NAME_ORG, CA_SUBJECT, toHex } from '@madoguchi/protocol';
import * as der from '../src/der';
import { caAltName, encodeName, formatName, holderSubject } from '../src/names';

describe('names', () => {
  it('formats DNs per RFC 4514, most specific first, escaping specials', () => {
    expect(formatName(CA_SUBJECT.auth)).toBe(
      'OU=Japan Agency for Local Authority Information Systems,OU=JPKI for user authentication,O=JPKI,C=JP',
    );
    expect(
      formatName([
        ['O', '#1 a,b+c'],
        ['CN', 'x"y;z<>\\ '],
      ]),
    ).toBe('CN=x\\"y\\;z\\<\\>\\\\\\ ,O=\\#1 a\\,b\\+c');
  });

  it('gives holders C=JP and a random 20-character CN, nothing personal', () => {
    const [c, cn] = holderSubject();
    expect(c).toEqual(['C', 'JP']);
    expect(cn?.[0]).toBe('CN');
    expect(cn?.[1]).toMatch(/^[A-Z0-9]{20}$/);
    expect(holderSubject()).not.toEqual(holderSubject());
  });

  it('encodes ASCII as PrintableString and Japanese as UTF8String', () => {
    const encoded = toHex(der.encode(encodeName(caAltName())), '');
    expect(encoded).toContain('13024A50'); // PrintableString "JP"
    const org = toHex(new TextEncoder().encode(CA_ALT_NAME_ORG), '');
    expect(encoded).toContain(`0C1E${org}`); // UTF8String, 10 characters of 3 bytes
  });
});
