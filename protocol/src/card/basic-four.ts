import { Type, type Static } from '@sinclair/typebox';
import { concatBytes } from '../bytes';
import { decodeTlvs, encodeTlv, TlvFormatError } from './tlv';

/**
 * 基本4情報 — the basic four facts (name, address, date of birth, sex), as the 券面事項入力補助 AP stores them and as
 * services receive them. The same shape whether read from the card or from the signature certificate.
 */
export const BasicFourSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    address: Type.String({ minLength: 1, maxLength: 400 }),
    /** YYYYMMDD (Gregorian). */
    dateOfBirth: Type.String({ pattern: '^[0-9]{8}$' }),
    /** ISO 5218: 1 male, 2 female, 9 not applicable. */
    sex: Type.Union([Type.Literal('1'), Type.Literal('2'), Type.Literal('9')]),
  },
  { $id: 'BasicFour', additionalProperties: false },
);
export type BasicFour = Static<typeof BasicFourSchema>;

export const BASIC_FOUR_TAG = {
  CONTAINER: 0xff20,
  HEADER: 0xdf21,
  NAME: 0xdf22,
  ADDRESS: 0xdf23,
  DATE_OF_BIRTH: 0xdf24,
  SEX: 0xdf25,
} as const;

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes the four facts in the card's layout. The DF21 header's meaning is not public (jpki.md "Unconfirmed"); we
 * store the 2-byte offsets of DF22..DF25 inside the container, and readers ignore it.
 */
export function encodeBasicFour(facts: BasicFour): Uint8Array {
  const items = [
    encodeTlv(BASIC_FOUR_TAG.NAME, utf8.encode(facts.name)),
    encodeTlv(BASIC_FOUR_TAG.ADDRESS, utf8.encode(facts.address)),
    encodeTlv(BASIC_FOUR_TAG.DATE_OF_BIRTH, utf8.encode(facts.dateOfBirth)),
    encodeTlv(BASIC_FOUR_TAG.SEX, utf8.encode(facts.sex)),
  ];
  const headerLength = 3 + 1 + 2 * items.length;
  const offsets = new Uint8Array(2 * items.length);
  let at = headerLength;
  items.forEach((item, i) => {
    offsets[2 * i] = at >> 8;
    offsets[2 * i + 1] = at & 0xff;
    at += item.length;
  });
  return encodeTlv(
    BASIC_FOUR_TAG.CONTAINER,
    concatBytes(encodeTlv(BASIC_FOUR_TAG.HEADER, offsets), ...items),
  );
}

/** Decodes the basic-four EF; throws TlvFormatError for anything that is not exactly that layout. */
export function decodeBasicFour(bytes: Uint8Array): BasicFour {
  const [outer] = decodeTlvs(bytes);
  if (outer?.tag !== BASIC_FOUR_TAG.CONTAINER) throw new TlvFormatError('basic-four container FF20 missing');
  const fields = new Map(decodeTlvs(outer.value).map((t) => [t.tag, t.value]));
  const text = (tag: number, label: string): string => {
    const v = fields.get(tag);
    if (v === undefined) throw new TlvFormatError(`basic-four ${label} missing`);
    try {
      return utf8Strict.decode(v);
    } catch (cause) {
      throw new TlvFormatError(`basic-four ${label} is not UTF-8`, { cause });
    }
  };
  const sex = text(BASIC_FOUR_TAG.SEX, 'sex');
  const dateOfBirth = text(BASIC_FOUR_TAG.DATE_OF_BIRTH, 'date of birth');
  if (sex !== '1' && sex !== '2' && sex !== '9') throw new TlvFormatError(`basic-four sex is not ISO 5218`);
  if (!/^[0-9]{8}$/.test(dateOfBirth)) throw new TlvFormatError('basic-four date of birth is not YYYYMMDD');
  return {
    name: text(BASIC_FOUR_TAG.NAME, 'name'),
    address: text(BASIC_FOUR_TAG.ADDRESS, 'address'),
    dateOfBirth,
    sex,
  };
}

/** My Number EF layout (private tag 0x10 with 12 ASCII digits). Only the card mock writes it; nobody reads it. */
export const MY_NUMBER_TAG = 0x10;
