import { sha256DigestInfo } from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import type { Clock } from '../protocol/clock';
import { signedAttributes, signedData } from '../protocol/cms-signed-data';
import { JpkiCard } from './jpki-card';
import { step, type OperationIo } from './operation';
import { enterPin } from './pin-entry';

export interface SignDeps {
  reader: CardReader;
  clock: Clock;
}

/**
 * Signs a document with the signature key as CMS SignedData: sign PIN, then the signature certificate (readable only
 * after that PIN), then the card signs the signed attributes. Returns the DER.
 */
export async function signDocument(
  deps: SignDeps,
  io: OperationIo,
  document: Uint8Array,
): Promise<Uint8Array> {
  step(io, 'reading');
  const card = new JpkiCard(await deps.reader.connect());
  await enterPin(card, 'sign', io);
  const certificate = await card.readCertificate('sign');
  const attributes = signedAttributes(document, deps.clock.now());
  step(io, 'signing');
  const signature = await card.sign('sign', sha256DigestInfo(attributes.der));
  io.progress('done');
  return signedData({ document, certificate, attributes, signature });
}
