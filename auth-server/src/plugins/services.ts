import fp from 'fastify-plugin';
import type { Config } from '../config/config-schema';
import type { StateSecrets } from '../config/state-dir';
import { recordDecision, type DecisionContext } from '../domain/audit';
import type { Clock } from '../domain/clock';
import type { HolderTokenContext } from '../domain/authenticate-holder';
import type { IntrospectionContext } from '../domain/introspect-token';
import type { LinkContext } from '../domain/record-link';
import { buildRegistry, type Registration } from '../domain/service-registry';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';
import type { TokenKeys } from '../tokens/token-keys';
import type { CrlRegistry } from '../trust/crl-registry';
import type { CertificateCache } from '../verify/parse-certificate';
import type { KeyKind } from '../verify/key-kind';
import type { TrustAnchors } from '../verify/trust-anchors';
import type { AuditAction } from '@madoguchi/protocol';

/** Everything the routes share, made once by createDeps (or by a test) and handed to buildServer. */
export interface ServerDeps {
  store: Store;
  clock: Clock;
  secrets: StateSecrets;
  tokenKeys: TokenKeys;
  trust: Record<KeyKind, TrustAnchors>;
  crls: CrlRegistry;
  certificates: CertificateCache;
  metrics: Metrics;
}

export type Audit = (action: AuditAction, ctx: DecisionContext, error?: unknown) => Promise<void>;

/** What the domain functions take, assembled once from the settings and the deps. */
export type DomainContext = LinkContext & IntrospectionContext & HolderTokenContext;

declare module 'fastify' {
  interface FastifyInstance {
    settings: Config;
    deps: ServerDeps;
    services: ReadonlyMap<string, Registration>;
    audit: Audit;
    domain: DomainContext;
  }
}

/** Shared services as decorators on the root, so every encapsulated route plugin sees the same ones. */
export const servicesPlugin = fp<{ config: Config; deps: ServerDeps }>(
  async (app, { config, deps }) => {
    app.decorate('settings', config);
    app.decorate('deps', deps);
    const services = buildRegistry(config.services);
    app.decorate('services', services);
    app.decorate('audit', (action, ctx, error) => recordDecision(deps.store, deps.clock, action, ctx, error));
    app.decorate('domain', {
      store: deps.store,
      services,
      cache: deps.certificates,
      trust: deps.trust,
      crls: deps.crls.lookup,
      crlGraceMs: config.crl.graceSeconds * 1000,
      keys: deps.tokenKeys,
      issuer: config.issuer,
      tokens: {
        issuer: config.issuer,
        keys: deps.tokenKeys,
        pairwiseSecret: deps.secrets.pairwiseSecret,
        ttlSeconds: config.tokens.ttlSeconds,
      },
    });
  },
  { name: 'madoguchi-services', fastify: '5.x' },
);
