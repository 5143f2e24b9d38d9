import { createHmac } from 'node:crypto';
import { FACT_NAMES, pickFacts, type BasicFour, type FactName, type LinkView } from '@madoguchi/protocol';
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

/**
 * The card-info AP's facts read now (at a link) against those each other service received from it: a service whose
 * released facts no longer match — the holder moved or changed name since — is marked relink-required, as a
 * signature certificate revoked for the change marks its links. Card-info facts carry no certificate to revoke, so
 * this is the only way the server learns of the change: when the holder next shares them with any service. Only
 * versions are compared; the facts themselves are not kept.
 */
export async function noticeCardInfoChange(
  store: Store,
  secret: Buffer,
  holderId: string,
  facts: BasicFour,
): Promise<void> {
  for (const link of await store.listLinks(holderId)) {
    if (link.status !== 'active' || link.facts?.source !== 'card-info') continue;
    const version = factsVersion(secret, link.serviceId, facts, link.facts.shared);
    if (version !== link.facts.version) await store.markRelink(holderId, link.serviceId);
  }
}

/**
 * Which version of the facts a service received (`shared` of `facts`): keyed and per service, so versions link
 * nothing across services. The facts are taken in FACT_NAMES order, so one set of facts has one version.
 */
export function factsVersion(
  secret: Buffer,
  serviceId: string,
  facts: BasicFour,
  shared: readonly FactName[],
): string {
  const released = pickFacts(
    facts,
    FACT_NAMES.filter((f) => shared.includes(f)),
  );
  return createHmac('sha256', secret)
    .update(`facts-v1\n${serviceId}\n${JSON.stringify(released)}`)
    .digest('base64url');
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
