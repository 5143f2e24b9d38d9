import fc from 'fast-check';
import {
  AID,
  CARD_INFO_EF,
  CLA,
  decodeCommand,
  encodeCommand,
  INS,
  JPKI_EF,
  PIN_POLICY,
  SW,
  sha256DigestInfo,
  triesLeftOf,
  type PinKind,
} from '@madoguchi/protocol';
import { CardRemovedError } from '../../src/domain/card-removed-error';
import { createMemoryCounterStore } from '../../src/domain/counter-store';
import { VirtualCard } from '../../src/domain/virtual-card';
import { apdu } from '../helpers/apdu';
import { makeProfile, PINS } from '../helpers/test-profile';

const KINDS: PinKind[] = ['auth', 'sign', 'cardInfo'];
const KNOWN_SW = new Set<number>(Object.values(SW));
const byte = fc.integer({ min: 0, max: 0xff });

function expectWellFormed(response: Uint8Array): number {
  expect(response.length).toBeGreaterThanOrEqual(2);
  const sw = (response[response.length - 2]! << 8) | response[response.length - 1]!;
  expect(KNOWN_SW.has(sw) || triesLeftOf(sw) !== undefined).toBe(true);
  return sw;
}

/** Commands a host might plausibly send, mixed with garbage: the card must answer every one sensibly. */
const commandArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constantFrom(AID.JPKI, AID.CARD_INFO, AID.CARD_SURFACE).map(apdu.selectAid),
  fc.uint8Array({ minLength: 0, maxLength: 20 }).map(apdu.selectAid),
  fc
    .oneof(
      fc.constantFrom(...Object.values(JPKI_EF), ...Object.values(CARD_INFO_EF)),
      fc.integer({ min: 0, max: 0xffff }),
    )
    .map(apdu.selectEf),
  fc
    .tuple(fc.oneof(fc.integer({ min: 0, max: 0x800 }), fc.integer({ min: 0, max: 0x7fff })), fc.boolean())
    .chain(([offset, extended]) =>
      fc.integer({ min: 1, max: extended ? 65536 : 256 }).map((ne) => apdu.readBinary(offset, ne, extended)),
    ),
  fc
    .option(
      fc.oneof(
        fc.constantFrom<string>(PINS.auth, PINS.sign, PINS.cardInfo, '0000', 'ABC124'),
        fc.string({ minLength: 1, maxLength: 20 }),
      ),
      { nil: undefined },
    )
    .map((pin) => apdu.verify(pin === undefined ? undefined : Uint8Array.from(Buffer.from(pin, 'utf8')))),
  fc.oneof(fc.constantFrom('4321', 'NEW123'), fc.string({ minLength: 1, maxLength: 20 })).map(apdu.changePin),
  fc
    .oneof(
      fc.string().map((s) => sha256DigestInfo(Buffer.from(s))),
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
    )
    .chain((data) => fc.boolean().map((extended) => apdu.sign(data, extended))),
  fc
    .record({
      cla: fc.oneof(fc.constantFrom(CLA.ISO, CLA.PROPRIETARY), byte),
      ins: fc.oneof(fc.constantFrom(...Object.values(INS)), byte),
      p1: byte,
      p2: byte,
      data: fc.uint8Array({ maxLength: 300 }),
      ne: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
      extended: fc.boolean(),
    })
    .map(encodeCommand),
  fc.uint8Array({ maxLength: 300 }),
);

/** Each PIN with its AP and an EF it guards, so that sequences reach VERIFY of a selected PIN EF often. */
const PIN_TARGETS = [
  { aid: AID.JPKI, pinEf: JPKI_EF.AUTH_PIN, pin: PINS.auth, useEf: JPKI_EF.AUTH_KEY },
  { aid: AID.JPKI, pinEf: JPKI_EF.SIGN_PIN, pin: PINS.sign, useEf: JPKI_EF.SIGN_KEY },
  { aid: AID.CARD_INFO, pinEf: CARD_INFO_EF.PIN, pin: PINS.cardInfo, useEf: CARD_INFO_EF.BASIC_FOUR },
];

/** SELECT an AP and its PIN EF, VERIFY (right, wrong, random or no PIN), then maybe use the key or read a file. */
const pinScenarioArb: fc.Arbitrary<Uint8Array[]> = fc
  .tuple(
    fc.constantFrom(...PIN_TARGETS),
    fc.option(
      fc.oneof(
        { weight: 2, arbitrary: fc.constant('right') },
        { weight: 1, arbitrary: fc.constantFrom('0000', 'ABC124') },
        { weight: 1, arbitrary: fc.string({ maxLength: 17 }) },
      ),
      { nil: undefined },
    ),
    fc.constantFrom('sign', 'read', 'none'),
  )
  .map(([target, choice, then]) => [
    apdu.selectAid(target.aid),
    apdu.selectEf(target.pinEf),
    apdu.verify(choice === 'right' ? target.pin : choice),
    ...(then === 'sign' ? [apdu.selectEf(target.useEf), apdu.sign(sha256DigestInfo(Buffer.from('x')))] : []),
    ...(then === 'read' ? [apdu.selectEf(JPKI_EF.SIGN_CERT), apdu.readBinary(0, 4)] : []),
  ]);

/** A step is a few commands or a reset (as a reader's power cycle). */
const stepArb: fc.Arbitrary<Uint8Array[] | 'reset'> = fc.oneof(
  { weight: 8, arbitrary: commandArb.map((c) => [c]) },
  { weight: 6, arbitrary: pinScenarioArb },
  { weight: 1, arbitrary: fc.constant('reset' as const) },
);

const profileArb = fc.record({
  extendedLength: fc.boolean(),
  removeOnSign: fc.boolean(),
  tries: fc.record({
    auth: fc.integer({ min: 0, max: PIN_POLICY.auth.maxTries }),
    sign: fc.integer({ min: 0, max: PIN_POLICY.sign.maxTries }),
    cardInfo: fc.integer({ min: 0, max: PIN_POLICY.cardInfo.maxTries }),
  }),
});

describe('VirtualCard properties', () => {
  it('answers any bytes with data + a known status word, never throwing', async () => {
    const card = new VirtualCard(makeProfile());
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        expectWellFormed(await card.transmit(bytes));
      }),
    );
  });

  it('answers random well-framed commands with a known status word, never throwing', async () => {
    const card = new VirtualCard(makeProfile());
    await fc.assert(
      fc.asyncProperty(commandArb, async (command) => {
        expectWellFormed(await card.transmit(command));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every PIN counter in range, lowering it only on a wrong VERIFY and raising it only on a right one', async () => {
    await fc.assert(
      fc.asyncProperty(profileArb, fc.array(stepArb, { maxLength: 40 }), async (settings, steps) => {
        const counters = createMemoryCounterStore();
        const card = new VirtualCard(
          makeProfile((p) => {
            p.extendedLength = settings.extendedLength;
            if (settings.removeOnSign) p.fault = { removeOn: 'sign' };
            p.jpki.tries = { auth: settings.tries.auth, sign: settings.tries.sign };
            p.cardInfo.tries = settings.tries.cardInfo;
          }),
          { counters },
        );
        const read = async () =>
          Object.fromEntries(
            await Promise.all(
              KINDS.map(async (k) => [k, (await counters.get(k)) ?? settings.tries[k]] as const),
            ),
          ) as Record<PinKind, number>;

        for (const command of steps.flatMap((step): Array<Uint8Array | 'reset'> =>
          step === 'reset' ? [step] : step,
        )) {
          if (command === 'reset') {
            card.reset();
            continue;
          }
          const before = await read();
          let sw: number | undefined;
          try {
            sw = expectWellFormed(await card.transmit(command));
          } catch (error) {
            // The only deliberate exception: the pulled card, and only on a signature it would otherwise make.
            expect(error).toBeInstanceOf(CardRemovedError);
            expect(settings.removeOnSign).toBe(true);
            expect([command[0], command[1]]).toEqual([CLA.PROPRIETARY, INS.COMPUTE_DIGITAL_SIGNATURE]);
            card.reset();
          }
          const after = await read();
          const isVerifyWithData = isVerify(command) && decodeCommand(command).data.length > 0;
          if (isVerifyWithData && sw === SW.OK) {
            expect(KINDS.some((kind) => after[kind] === PIN_POLICY[kind].maxTries)).toBe(true);
          }
          for (const kind of KINDS) {
            expect(after[kind]).toBeGreaterThanOrEqual(0);
            expect(after[kind]).toBeLessThanOrEqual(PIN_POLICY[kind].maxTries);
            if (after[kind] < before[kind]) {
              expect(isVerifyWithData).toBe(true);
              expect(after[kind]).toBe(before[kind] - 1);
              expect(triesLeftOf(sw!)).toBe(after[kind]);
            }
            if (after[kind] > before[kind]) {
              expect(isVerifyWithData).toBe(true);
              expect(sw).toBe(SW.OK);
              expect(after[kind]).toBe(PIN_POLICY[kind].maxTries);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

function isVerify(command: Uint8Array): boolean {
  try {
    const c = decodeCommand(command);
    return c.cla === CLA.ISO && c.ins === INS.VERIFY;
  } catch {
    return false;
  }
}
