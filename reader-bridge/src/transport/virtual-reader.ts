import { createRequire } from 'node:module';
import { MadoguchiError, type CardChannel } from '@madoguchi/protocol';
import type { CardReader, ReaderEvent } from '../protocol/card-reader';

/** The part of @madoguchi/jpki-card (a devDependency) this file uses, typed here so that src never imports it. */
interface JpkiCardModule {
  loadProfile(path: string): Promise<unknown>;
  VirtualCard: new (profile: unknown) => { readonly atr: Uint8Array };
  InProcessChannel: new (card: unknown) => CardChannel;
}

export const VIRTUAL_CARD_PACKAGE = '@madoguchi/jpki-card';

/**
 * DEVELOPMENT ONLY (`card: "virtual:PROFILE.json"`): a reader that always holds one in-process virtual card, so the
 * bridge runs with no pcscd. The card mock is a devDependency: it is loaded only here, at start, and a production
 * install (no dev dependencies) refuses this card source with CONFIG_INVALID instead of starting.
 */
export async function openVirtualReader(
  profilePath: string,
  load: (name: string) => unknown = createRequire(__filename),
): Promise<CardReader> {
  let mod: JpkiCardModule;
  try {
    mod = load(VIRTUAL_CARD_PACKAGE) as JpkiCardModule;
  } catch (cause) {
    throw new MadoguchiError(
      'CONFIG_INVALID',
      `config card = "virtual:${profilePath}": the virtual card needs the development install (${VIRTUAL_CARD_PACKAGE}); fix: use "pcsc" on a box`,
      { cause },
    );
  }
  const card = new mod.VirtualCard(await mod.loadProfile(profilePath));
  return new VirtualReader(new mod.InProcessChannel(card));
}

class VirtualReader implements CardReader {
  readonly #name = 'Madoguchi virtual card (development)';

  constructor(readonly channel: CardChannel) {}

  subscribe(listener: (event: ReaderEvent) => void): () => void {
    listener({ type: 'reader-attached', reader: this.#name });
    listener({ type: 'card-inserted', reader: this.#name, atr: this.channel.atr });
    return () => undefined;
  }

  async connect(): Promise<CardChannel> {
    return this.channel;
  }

  async close(): Promise<void> {}
}
