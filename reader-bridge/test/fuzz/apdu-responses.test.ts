import fc from 'fast-check';
import { ATR, isErrorCode, isMadoguchiError } from '@madoguchi/protocol';
import { CardService } from '../../src/domain/card-service';
import type { ServerClient } from '../../src/protocol/server-api';
import { FakeAuthority } from '../helpers/fake-authority';
import { cardAnswer, ScriptedCardReader } from '../helpers/fuzz-card';
import { scriptedIo } from '../helpers/scripted-io';

/** A server that accepts whatever the card produced: the fuzzing is of the card side. */
const fake = new FakeAuthority();
const lenient: ServerClient = {
  createChallenge: (r) => fake.createChallenge(r),
  serviceInfo: (id) => fake.serviceInfo(id),
  createLink: (r) => fake.createLink(r).catch(() => ({ tokens: TOKENS, link: undefined as never })),
  reuseLogin: (r) => fake.reuseLogin(r),
  holderLinks: () => fake.holderLinks(),
  removeHolderLink: () => fake.removeHolderLink(),
  submitAssertion: async () => ({ tokens: TOKENS }),
};
const TOKENS = { tokenType: 'Bearer', accessToken: 'a', idToken: 'i', expiresIn: 60, acr: 'auth' } as const;

const operations = ['login', 'link', 'sign', 'status', 'facts', 'links'] as const;

describe('APDU response fuzzing: any card answer ends in a result or a coded error', () => {
  it('never throws anything but a MadoguchiError with a known code, and never loops', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.array(cardAnswer, { maxLength: 40 }),
        fc.constantFrom(ATR.CONTACT_EXTENDED, ATR.CONTACT_SHORT, ATR.CONTACTLESS, Uint8Array.of()),
        async (operation, answers, atr) => {
          const reader = new ScriptedCardReader(answers, atr);
          const service = new CardService({ reader, server: lenient, clock: { now: () => new Date() } });
          // Three PIN answers at most (right-looking, sign-shaped, confirmed last try), then the viewer cancels.
          const { io } = scriptedIo([
            { pin: '1234' },
            { pin: 'ABC123', confirmLastTry: true },
            { pin: '1234', confirmLastTry: true },
            'cancel',
          ]);
          try {
            if (operation === 'login') await service.login(io, { serviceId: 'gyosei', purpose: 'login' });
            if (operation === 'link') {
              const source = (['card-info', 'sign-cert'] as const)[answers.length % 2]!;
              await service.login(io, {
                serviceId: 'gyosei',
                purpose: 'link',
                consent: { facts: ['name'], source },
              });
            }
            if (operation === 'links') await service.links(io);
            if (operation === 'sign') await service.sign(io, Buffer.from('document'));
            if (operation === 'status') await service.status(io);
            if (operation === 'facts') await service.facts(io);
          } catch (error) {
            if (!isMadoguchiError(error) || !isErrorCode(error.code)) {
              throw new Error(`${operation} threw an uncoded ${String(error)}`);
            }
            // A plain reader failure is CARD_UNREADABLE, never INTERNAL.
            expect(error.code).not.toBe('INTERNAL');
          } finally {
            service.stop();
          }
          // Bounded: the largest EF read in short chunks is under 200 APDUs.
          expect(reader.transmits).toBeLessThan(200);
        },
      ),
      { numRuns: 400 },
    );
  });
});
