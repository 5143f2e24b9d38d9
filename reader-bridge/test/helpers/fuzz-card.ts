import fc from 'fast-check';
import { ATR, MadoguchiError, type CardChannel } from '@madoguchi/protocol';
import type { CardReader, ReaderEvent } from '../../src/protocol/card-reader';

/** What a broken, hostile or half-inserted card may answer to any command. */
const INTERESTING_SW = [
  0x9000, 0x6282, 0x6a82, 0x6982, 0x6983, 0x6984, 0x6700, 0x6d00, 0x6e00, 0x6a86, 0x6b00, 0x6400, 0x6581,
  0x63c0, 0x63c1, 0x63c2, 0x63c3, 0x63cf, 0x6300, 0x6985,
];
export type Answer = { bytes: Uint8Array } | { fail: 'removed' | 'plain' };
const sw = fc.oneof(fc.constantFrom(...INTERESTING_SW), fc.integer({ min: 0, max: 0xffff }));
export const cardAnswer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ bytes })) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          // data that looks like the start of a certificate or of the basic-four EF
          fc
            .tuple(fc.constantFrom(0x30, 0xff), fc.uint8Array({ maxLength: 300 }))
            .map(([b, rest]) => Uint8Array.of(b, ...rest)),
        ),
        sw,
      )
      .map(([data, s]) => ({ bytes: Uint8Array.of(...data, s >> 8, s & 0xff) })),
  },
  { weight: 1, arbitrary: fc.constantFrom<Answer>({ fail: 'removed' }, { fail: 'plain' }) },
);

/** A reader whose card answers from a script, then `6F 00` (no precise diagnosis) for ever. */
export class ScriptedCardReader implements CardReader {
  transmits = 0;
  constructor(
    private readonly answers: Answer[],
    private readonly atr: Uint8Array = ATR.CONTACT_EXTENDED,
  ) {}
  subscribe(listener: (event: ReaderEvent) => void): () => void {
    listener({ type: 'reader-attached', reader: 'fuzz' });
    listener({ type: 'card-inserted', reader: 'fuzz', atr: this.atr });
    return () => undefined;
  }
  async connect(): Promise<CardChannel> {
    return {
      atr: this.atr,
      transmit: async () => {
        this.transmits += 1;
        const a = this.answers.shift() ?? { bytes: Uint8Array.of(0x6f, 0x00) };
        if ('bytes' in a) return a.bytes;
        throw a.fail === 'removed'
          ? new MadoguchiError('CARD_REMOVED', 'gone')
          : new Error('reader exploded');
      },
    };
  }
  async close(): Promise<void> {}
}
