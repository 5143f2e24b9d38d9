import fc from 'fast-check';
import { isErrorCode, parseBridgeMessage, type BridgeMessage } from '@madoguchi/protocol';
import type { RunningBridge } from '../../src/interface/bridge';
import { testBridge } from '../helpers/bridge';
import { newCard } from '../helpers/cards';
import { connectTv, type TvClient } from '../helpers/tv-client';
import { cardAnswer, ScriptedCardReader } from '../helpers/fuzz-card';

const TV_TYPES = [
  'login.start',
  'sign.start',
  'card.status',
  'facts.read',
  'pin.submit',
  'pin.cancel',
  'links.list',
  'links.remove',
];

/** Valid-shaped messages with random (and sometimes valid) fields. */
const operationId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.string({ maxLength: 80 }));
const shaped = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TV_TYPES), fc.string({ maxLength: 12 })),
    operationId,
    serviceId: fc.oneof(fc.constantFrom('gyosei', 'holder', 'kotsu'), fc.string({ maxLength: 70 })),
    purpose: fc.oneof(fc.constantFrom('login', 'link', 'sign'), fc.anything()),
    pin: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null)),
    confirmLastTry: fc.anything(),
    document: fc.oneof(fc.base64String({ maxLength: 64 }), fc.string({ maxLength: 64 })),
    consent: fc.anything(),
  },
  { requiredKeys: ['type'] },
);

/** One frame: random JSON, random bytes (as text or binary), or a valid-shaped message. */
const frame = fc.oneof(
  fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null' })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes, binary: true })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes, binary: false })),
  shaped.map((m) => ({ text: JSON.stringify(m) })),
);
type Frame = { text: string } | { bytes: Uint8Array; binary: boolean };

let bridge: RunningBridge;
let canary: TvClient;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
afterEach(async () => {
  canary?.close();
  await bridge?.stop();
});

/** Sends a batch on a fresh connection, waits until every frame was handled, closes it; returns what came back. */
async function sendBatch(
  frames: Frame[],
  port: number,
): Promise<{ replies: BridgeMessage[]; closed: boolean }> {
  const fuzz = await connectTv(port);
  for (const f of frames) {
    if ('text' in f) fuzz.ws.send(f.text);
    else fuzz.ws.send(Buffer.from(f.bytes), { binary: f.binary });
  }
  // Frames are handled in order: the answer to this one means every earlier frame was handled.
  fuzz.send({ type: 'pin.cancel', operationId: 'zz-end-of-batch' });
  const done = await Promise.race([
    fuzz.next('error', (m) => m.message === 'no such operation on this connection').then(() => 'handled'),
    fuzz.closed.then(() => 'closed'),
  ]);
  fuzz.close();
  await fuzz.closed;
  return { replies: fuzz.received, closed: done === 'closed' };
}

/** The canary tab still gets a card operation through (BUSY only while a fuzz operation is being cancelled). */
async function stillServes(tv: TvClient, n: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const id = `canary-${n}-${i}`;
    tv.send({ type: 'card.status', operationId: id });
    const outcome = await tv.outcome(id);
    if (outcome.type !== 'error' || outcome.code !== 'BUSY') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the card stayed BUSY after the fuzzing connection closed');
}

describe('WebSocket message fuzzing: no crash, coded errors, other clients unaffected', () => {
  it('answers random JSON, random bytes and random-field messages with valid, coded messages', async () => {
    const t = await testBridge(await newCard('valid'), { rateLimit: { messages: 100_000, windowMs: 1000 } });
    bridge = t.bridge;
    canary = await connectTv(bridge.port);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 8 }), async (frames) => {
        const { replies } = await sendBatch(frames, bridge.port);
        for (const reply of replies) {
          expect(() => parseBridgeMessage(reply)).not.toThrow();
          if (reply.type === 'error') expect(isErrorCode(reply.code)).toBe(true);
          if (reply.type === 'error') expect(reply.code).not.toBe('INTERNAL');
        }
        await stillServes(canary, n++);
      }),
      { numRuns: 150, endOnFailure: true },
    );
    expect(unhandled).toEqual([]);
    expect(canary.ws.readyState).toBe(canary.ws.OPEN);
  }, 60_000);

  it('keeps serving other tabs while a card answers garbage to a TV operation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(cardAnswer, { maxLength: 30 }),
        fc.constantFrom('login.start', 'card.status', 'facts.read', 'sign.start'),
        async (answers, type) => {
          const reader = new ScriptedCardReader(answers);
          const t = await testBridge(undefined, { reader });
          try {
            const a = await connectTv(t.bridge.port);
            const b = await connectTv(t.bridge.port);
            a.send({
              type,
              operationId: 'g',
              ...(type === 'login.start' ? { serviceId: 'gyosei' } : {}),
              ...(type === 'sign.start' ? { document: 'ZG9j' } : {}),
            });
            // Answer every PIN request with a cancel after the first: the outcome is a result or a coded error.
            void a.next('pin.needed').then(
              () => a.send({ type: 'pin.cancel', operationId: 'g' }),
              () => undefined,
            );
            const outcome = await a.outcome('g');
            expect(() => parseBridgeMessage(outcome)).not.toThrow();
            if (outcome.type === 'error') expect(outcome.code).not.toBe('INTERNAL');
            b.send({ type: 'pin.cancel', operationId: 'ping' });
            await b.next('error', (m) => m.code === 'BAD_MESSAGE');
            a.close();
            b.close();
          } finally {
            await t.bridge.stop();
          }
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
    expect(unhandled).toEqual([]);
  }, 60_000);
});
