import type { BasicFour } from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import { JpkiCard } from './jpki-card';
import { step, type OperationIo } from './operation';
import { enterPin } from './pin-entry';

/** The basic four facts from the card-info AP with its 4-digit PIN (never the My Number EF). */
export async function readFacts(deps: { reader: CardReader }, io: OperationIo): Promise<BasicFour> {
  step(io, 'reading');
  const card = new JpkiCard(await deps.reader.connect());
  await enterPin(card, 'cardInfo', io);
  const facts = await card.readBasicFour();
  io.progress('done');
  return facts;
}
