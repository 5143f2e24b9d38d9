import { X509Certificate } from 'node:crypto';
import { isMadoguchiError, MadoguchiError, type CardStatusResult } from '@madoguchi/protocol';
import type { CardReader } from '../protocol/card-reader';
import { JpkiCard } from './jpki-card';
import { step, type OperationIo } from './operation';

export type CardStatus = Omit<CardStatusResult, 'type' | 'operationId'>;

/** What the "my card" screen shows, read with no PIN: tries left for each PIN and the auth certificate's dates. */
export async function cardStatus(deps: { reader: CardReader }, io: OperationIo): Promise<CardStatus> {
  step(io, 'reading');
  const card = new JpkiCard(await deps.reader.connect());
  const certificate = parseCertificate(await card.readCertificate('auth'));
  const auth = await card.pinStatus('auth');
  const sign = await optionalSign(() => card.pinStatus('sign'));
  const cardInfo = await card.pinStatus('cardInfo');
  io.progress('done');
  return {
    triesLeft: { auth, cardInfo, ...(sign === undefined ? {} : { sign }) },
    hasSignCertificate: sign !== undefined,
    authCertificate: {
      notBefore: new Date(certificate.validFrom).toISOString(),
      notAfter: new Date(certificate.validTo).toISOString(),
    },
  };
}

async function optionalSign(read: () => Promise<number>): Promise<number | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isMadoguchiError(error, 'CARD_NO_SIGN_CERT')) return undefined;
    throw error;
  }
}

function parseCertificate(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (cause) {
    throw new MadoguchiError('CERT_MALFORMED', 'the authentication certificate does not parse', { cause });
  }
}
