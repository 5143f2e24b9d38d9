import { AID, SW } from '@madoguchi/protocol';
import { createMemoryCounterStore, type CounterStore } from '../../src/domain/counter-store';
import { VirtualCard } from '../../src/domain/virtual-card';
import type { CardProfile } from '../../src/profile/card-profile';
import { apdu, send } from './apdu';
import { makeProfile } from './test-profile';

export interface TestCard {
  card: VirtualCard;
  counters: CounterStore;
  /** Every delay the card asked for, in order; the fake sleep resolves at once. */
  sleeps: number[];
}

/** A fresh card over fresh in-memory counters, with a sleep that records instead of waiting. */
export function newCard(
  profile: CardProfile = makeProfile(),
  counters = createMemoryCounterStore(),
): TestCard {
  const sleeps: number[] = [];
  const card = new VirtualCard(profile, {
    counters,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { card, counters, sleeps };
}

/** SELECT the application then the EF, expecting both to succeed. */
export async function selectFile(card: VirtualCard, fid: number, aid: Uint8Array = AID.JPKI): Promise<void> {
  expect((await send(card, apdu.selectAid(aid))).sw).toBe(SW.OK);
  expect((await send(card, apdu.selectEf(fid))).sw).toBe(SW.OK);
}

/** SELECT the application and the PIN EF, then VERIFY the PIN, expecting success. */
export async function verifyPin(card: VirtualCard, pinEf: number, pin: string, aid: Uint8Array = AID.JPKI) {
  await selectFile(card, pinEf, aid);
  expect((await send(card, apdu.verify(pin))).sw).toBe(SW.OK);
}
