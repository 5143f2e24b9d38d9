import { MadoguchiError } from '@madoguchi/protocol';
import type { CertificateKey, HolderRecord, Store } from '../store/store';

/** Renewal chains longer than this are treated as data errors rather than followed forever. */
const MAX_RENEWAL_DEPTH = 32;

/**
 * The holder (共通ID) of a certificate: the one it is bound to; else, if the serial list says it renewed an older
 * certificate, that certificate's holder (binding it there); else a new holder. A merged holder leads to the one it
 * was merged into. A suspended holder is refused HOLDER_SUSPENDED, an abolished card CARD_ABOLISHED.
 */
export async function resolveHolder(store: Store, cert: CertificateKey, at: Date): Promise<HolderRecord> {
  const holder =
    (await store.findHolder(cert)) ?? (await store.bindCertificate(cert, await renewedFrom(store, cert), at));
  requireUsableHolder(holder, await store.isCertificateAbolished(cert));
  return holder;
}

export function requireUsableHolder(holder: HolderRecord, certificateAbolished: boolean): void {
  if (holder.status === 'suspended')
    throw new MadoguchiError('HOLDER_SUSPENDED', 'this card holder is suspended');
  if (certificateAbolished) {
    throw new MadoguchiError('CARD_ABOLISHED', 'this card was abolished after a loss report');
  }
}

/** The holder of the certificate this one renewed (following old→new chains back), or null. */
async function renewedFrom(store: Store, cert: CertificateKey): Promise<string | null> {
  let current = cert;
  for (let depth = 0; depth < MAX_RENEWAL_DEPTH; depth++) {
    const renewal = await store.findRenewalOf(current);
    if (renewal === undefined) return null;
    current = { issuer: renewal.issuer, serial: renewal.oldSerial };
    const holder = await store.findHolder(current);
    if (holder !== undefined) return holder.holderId;
  }
  return null;
}
