import { sha256DigestInfo } from '@madoguchi/protocol';
import { base64url } from './base64url';
import type { JpkiCard, KeyKind } from './jpki-card';
import { step, type OperationIo } from './operation';
import { enterPin } from './pin-entry';

/** A certificate and the signature its key made, base64url, as the auth-server's requests carry them. */
export interface CardProof {
  certificate: string;
  signature: string;
}

/**
 * The card's proof with one key over `bytes`: its PIN, its certificate and its signature. The callers read the auth
 * certificate before any PIN (a card that cannot give it costs the viewer none) and pass it in; a certificate not
 * given — the sign certificate — is read after its PIN, which guards it.
 */
export async function proveWithCard(
  card: JpkiCard,
  keyKind: KeyKind,
  io: OperationIo,
  bytes: Uint8Array,
  certificateRead?: Uint8Array,
): Promise<CardProof> {
  await enterPin(card, keyKind, io);
  const certificate = certificateRead ?? (await card.readCertificate(keyKind));
  step(io, 'signing');
  const signature = await card.sign(keyKind, sha256DigestInfo(bytes));
  return { certificate: base64url(certificate), signature: base64url(signature) };
}
