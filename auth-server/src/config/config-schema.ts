import { Type, type Static } from '@sinclair/typebox';
import { FactNameSchema, FactsSourceSchema, ServiceIdSchema } from '@madoguchi/protocol';

/**
 * The server's one config file (JSON). Every key has a default except the state directory and the services, so a
 * minimal file names where secrets live and who may log in. Secrets never go here: they live in `stateDir` (0600).
 */
const Seconds = (fallback: number, description: string) =>
  Type.Integer({ minimum: 1, default: fallback, description });

const closed = { additionalProperties: false } as const;

const TrustSchema = Type.Object(
  {
    /** A JPKI CA state directory (J-LIS layout: `<kind>/g*\/ca.pem`, `crl.der`, link certificates). */
    dir: Type.Optional(
      Type.String({ minLength: 1, description: 'CA directory with g*/ca.pem and g*/crl.der' }),
    ),
    /** Extra trust anchors (PEM files). */
    anchors: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    /** Extra link certificates (NewWithOld / OldWithNew, PEM files), used as intermediates. */
    links: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    /** Extra CRL sources: file paths or http(s) URLs, DER or PEM. */
    crls: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  },
  closed,
);
export type TrustConfig = Static<typeof TrustSchema>;

const Url = Type.String({ pattern: '^https?://[^\\s]+$' });

/**
 * One service as the operator registers it: who it is, which key a login needs, whether a recent PIN login may be
 * reused (and for how long), which of the basic four facts it may ever receive and from which source, where its
 * tokens may go, and whether it may have signatures verified. A service can never obtain more than this.
 */
export const ServiceConfigSchema = Type.Object(
  {
    id: ServiceIdSchema,
    /** The name the viewer reads on the consent screen (default: the id). */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** The assurance the service requires: `auth` (auth key) or `sign` (sign key). */
    assurance: Type.Union([Type.Literal('auth'), Type.Literal('sign')], { default: 'auth' }),
    /** Seconds after a PIN login during which a login without a new PIN is accepted (low-risk actions); 0: never. */
    recentLoginSeconds: Type.Integer({ minimum: 0, maximum: 86_400, default: 0 }),
    facts: Type.Object(
      {
        /** Facts it may receive, each only with the holder's consent; none by default. */
        allowed: Type.Array(FactNameSchema, { uniqueItems: true, default: [] }),
        /** Sources it accepts: `sign-cert` (sign PIN, J-LIS-verified) and/or `card-info` (4-digit PIN, the box). */
        sources: Type.Array(FactsSourceSchema, { uniqueItems: true, minItems: 1, default: ['sign-cert'] }),
      },
      { ...closed, default: {} },
    ),
    /** May submit CMS signatures to /v1/signatures/verify (and get the allowed facts of the signer). */
    verifySignatures: Type.Boolean({ default: false }),
    /** Where the TV may hand its tokens; nowhere else. */
    redirectUris: Type.Array(Url, { default: [] }),
    /** Web origins allowed to call its public information (CORS). */
    origins: Type.Array(Url, { default: [] }),
  },
  closed,
);
export type ServiceConfig = Static<typeof ServiceConfigSchema>;

const StoreSchema = Type.Union([
  Type.Object({ kind: Type.Literal('sqlite'), path: Type.String({ minLength: 1 }) }, closed),
  Type.Object({ kind: Type.Literal('postgres'), url: Type.String({ pattern: '^postgres(ql)?://' }) }, closed),
]);
export type StoreConfig = Static<typeof StoreSchema>;

export const ConfigSchema = Type.Object(
  {
    listen: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
      },
      { ...closed, default: {} },
    ),
    /** The OpenID issuer URL: exactly what services put in their discovery configuration. */
    issuer: Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', default: 'http://127.0.0.1:8080' }),
    /** Directory for secrets (token signing keys, pairwise secret, operator token), created 0700, files 0600. */
    stateDir: Type.String({ minLength: 1 }),
    /** Where data lives; default SQLite in the state directory. */
    store: Type.Optional(StoreSchema),
    trust: Type.Object(
      {
        auth: Type.Object(TrustSchema.properties, { ...closed, default: {} }),
        sign: Type.Object(TrustSchema.properties, { ...closed, default: {} }),
      },
      { ...closed, default: {} },
    ),
    crl: Type.Object(
      {
        refreshSeconds: Seconds(3600, 'how often CRLs are reloaded'),
        /** How long past nextUpdate a CRL is still used before every check is refused CRL_STALE. */
        graceSeconds: Type.Integer({ minimum: 0, default: 3600 }),
      },
      { ...closed, default: {} },
    ),
    challenge: Type.Object({ ttlSeconds: Seconds(120, 'challenge lifetime') }, { ...closed, default: {} }),
    device: Type.Object(
      { maxSkewSeconds: Seconds(300, 'allowed clock difference of a box') },
      { ...closed, default: {} },
    ),
    tokens: Type.Object(
      {
        ttlSeconds: Seconds(600, 'ID and access token lifetime'),
        keyRotationSeconds: Seconds(30 * 86400, 'age at which the token signing key is replaced'),
      },
      { ...closed, default: {} },
    ),
    services: Type.Array(ServiceConfigSchema, { minItems: 1 }),
    rateLimit: Type.Object(
      {
        max: Type.Integer({ minimum: 1, default: 120 }),
        windowSeconds: Seconds(60, 'rate limit window'),
      },
      { ...closed, default: {} },
    ),
    logLevel: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
      { default: 'info' },
    ),
  },
  closed,
);
/** The file's shape. */
export type ConfigFile = Static<typeof ConfigSchema>;
/** After loading: defaults filled, paths absolute, the store always named. */
export type Config = Omit<ConfigFile, 'store'> & { store: StoreConfig };
