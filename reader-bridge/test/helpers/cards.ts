import {
  InProcessChannel,
  loadProfile,
  simLayout,
  STANDARD_PROFILES,
  VirtualCard,
  type CardProfile,
} from '@madoguchi/jpki-card';
import type { CardChannel } from '@madoguchi/protocol';

/** Every standard card's name (valid, expired, …, pulled-mid-signature). */
export const PROFILE_NAMES = STANDARD_PROFILES.map((p) => p.name);
export const DEMO = { auth: '1234', sign: 'ABC123', cardInfo: '1234' } as const;

/** The state directory global-setup issued the standard cards into. */
export function cardsState(): string {
  const state = process.env.MADOGUCHI_BRIDGE_TEST_CARDS;
  if (!state)
    throw new Error('MADOGUCHI_BRIDGE_TEST_CARDS is unset: run through jest (global-setup issues the cards)');
  return state;
}

const profiles = new Map<string, Promise<CardProfile>>();

export function profile(name: string): Promise<CardProfile> {
  let p = profiles.get(name);
  if (!p) {
    p = loadProfile(simLayout(cardsState()).profile(name));
    profiles.set(name, p);
  }
  return p;
}

/** A fresh virtual card of the named profile; its delays (the slow card) resolve at once unless `realTime`. */
export async function newCard(
  name: string,
  options: { realTime?: boolean; atr?: string } = {},
): Promise<VirtualCard> {
  const base = await profile(name);
  const p = options.atr === undefined ? base : { ...base, atr: options.atr };
  return new VirtualCard(p, options.realTime ? {} : { sleep: async () => undefined });
}

/** A card of the named profile in an in-process reader. */
export async function inserted(name: string, options?: { realTime?: boolean; atr?: string }) {
  const card = await newCard(name, options);
  return { card, channel: new InProcessChannel(card) };
}

/** Wraps a channel and records every command APDU (copied before the driver wipes PIN-bearing buffers). */
export function recording<C extends CardChannel>(channel: C): { channel: C; commands: Uint8Array[] } {
  const commands: Uint8Array[] = [];
  const wrapped = Object.create(channel) as C;
  Object.defineProperty(wrapped, 'atr', { get: () => channel.atr });
  wrapped.transmit = (command: Uint8Array) => {
    commands.push(Uint8Array.from(command));
    return channel.transmit(command);
  };
  return { channel: wrapped, commands };
}
