import { HOLDER_AUDIENCE, type ServiceInfo } from '@madoguchi/protocol';
import type { ServiceConfig } from '../config/config-schema';

/** A registration with its defaults filled: what every route checks a service's requests against. */
export type Registration = ServiceConfig & { name: string };

/** The holder's own view ("my card"): a login to it needs the auth PIN, and it receives nothing. */
const HOLDER_REGISTRATION: Registration = {
  id: HOLDER_AUDIENCE,
  name: 'わたしのカード',
  assurance: 'auth',
  recentLoginSeconds: 0,
  facts: { allowed: [], sources: ['sign-cert'] },
  verifySignatures: false,
  redirectUris: [],
  origins: [],
};

/** The configured services by id, and the built-in holder audience (the config refuses that id). */
export function buildRegistry(services: readonly ServiceConfig[]): ReadonlyMap<string, Registration> {
  return new Map([
    ...services.map((s): [string, Registration] => [s.id, { ...s, name: s.name ?? s.id }]),
    [HOLDER_AUDIENCE, HOLDER_REGISTRATION],
  ]);
}

/** What the consent screen shows. */
export const serviceInfo = (r: Registration): ServiceInfo => ({
  id: r.id,
  name: r.name,
  assurance: r.assurance,
  recentLoginSeconds: r.recentLoginSeconds,
  facts: { allowed: r.facts.allowed, sources: r.facts.sources },
  redirectUris: r.redirectUris,
});
