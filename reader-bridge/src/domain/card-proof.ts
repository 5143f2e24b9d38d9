import { sha256DigestInfo, type AssertionRequest } from '@madoguchi/protocol';
import { base64url } from './base64url';
import type { JpkiCard } from './jpki-card';
import { step, type OperationIo } from './operation';
import { enterPin } from './pin-entry';

/** Which card key signs: `auth` or `sign`, as a service's `assurance` names it. */
export type KeyKind = AssertionRequest['keyKind'];

/** A certificate and the signature its key made, base64url, as the auth-server's requests carry them. */
export interface CardProof {
  certificate: string;
  signature: string;
}

/**
 * The card's proof with one key over `bytes`: its PIN, its certificate and its signature. The auth certificate is
 * read before the PIN (a card that cannot give it costs the viewer no PIN), unless the caller read it already; the
 * sign certificate only after the sign PIN, which guards it.
 */
export async function proveWithCard(
  card: JpkiCard,
  keyKind: KeyKind,
  io: OperationIo,
  bytes: Uint8Array,
  certificateRead?: Uint8Array,
): Promise<CardProof> {
  let certificate = certificateRead ?? (keyKind === 'auth' ? await card.readCertificate('auth') : undefined);
  await enterPin(card, keyKind, io);
  certificate ??= await card.readCertificate('sign');
  step(io, 'signing');
  const signature = await card.sign(keyKind, sha256DigestInfo(bytes));
  return { certificate: base64url(certificate), signature: base64url(signature) };
}
