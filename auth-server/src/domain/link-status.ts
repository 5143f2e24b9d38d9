import type { LinkView } from '@madoguchi/protocol';
import type { LinkRecord, Store } from '../store/store';
import type { CrlLookup } from '../verify/verify-revocation';
import type { Registration } from './service-registry';

/** RFC 5280 CRLReason affiliationChanged: J-LIS revokes the signature certificate so on a name or address change. */
const AFFILIATION_CHANGED = 3;

/**
 * A link whose facts came from a signature certificate that the current CRL lists as revoked for a name or address
 * change is marked relink-required (once, in the store) and returned so; anything else is returned as it is.
 */
export async function noticeNameChange(store: Store, crls: CrlLookup, link: LinkRecord): Promise<LinkRecord> {
  const cert = link.facts?.certificate;
  if (link.status !== 'active' || !cert) return link;
  const crl = crls(cert.issuerKey, 'sign');
  if (crl instanceof Error || crl.revoked.get(cert.serial) !== AFFILIATION_CHANGED) return link;
  await store.markRelink(link.holderId, link.serviceId);
  return { ...link, status: 'relink-required' };
}

/** The holder's (and operator's) view of a link that is not removed. Never the facts, only which were shared. */
export function linkView(link: LinkRecord, services: ReadonlyMap<string, Registration>): LinkView {
  return {
    serviceId: link.serviceId,
    serviceName: services.get(link.serviceId)?.name ?? link.serviceId,
    status: link.status === 'relink-required' ? 'relink-required' : 'active',
    linkedAt: link.linkedAt.toISOString(),
    lastUsedAt: link.lastUsedAt.toISOString(),
    factsShared: link.facts?.shared ?? [],
    factsSource: link.facts?.source ?? null,
  };
}

/** Every link of a holder that is not removed, with name changes noticed. */
export async function holderLinks(
  store: Store,
  crls: CrlLookup,
  services: ReadonlyMap<string, Registration>,
  holderId: string,
): Promise<LinkView[]> {
  const links = await store.listLinks(holderId);
  const current = await Promise.all(links.map((l) => noticeNameChange(store, crls, l)));
  return current.map((l) => linkView(l, services));
}
