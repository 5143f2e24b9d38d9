import { Type, type Static } from '@sinclair/typebox';

/**
 * The bridge's one config file (JSON). Secrets never go here: the device key lives in `stateDir` (0600). The TV
 * WebSocket always listens on 127.0.0.1; only its port is configurable.
 */
const closed = { additionalProperties: false } as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const BridgeConfigSchema = Type.Object(
  {
    /** Port of the TV WebSocket on 127.0.0.1 (0: any free port, for tests). */
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8765, description: 'the TV WebSocket port' }),
    /** Origins of the TV app allowed to open the WebSocket, exactly as the browser sends them. */
    allowedOrigins: Type.Array(
      Type.String({ pattern: '^https?://[^/\\s]+$', description: 'scheme://host[:port], no path' }),
      { minItems: 1, uniqueItems: true, description: 'the TV app origins, e.g. ["http://127.0.0.1:8080"]' },
    ),
    /** The auth-server, e.g. https://auth.example.city.jp (plain http only to a loopback address). */
    serverUrl: Type.String({ pattern: '^https?://[^\\s]+$', description: 'the auth-server base URL' }),
    /** Extra trusted CA certificates (PEM) for a private auth-server. */
    serverCaFile: Type.Optional(Type.String({ minLength: 1 })),
    /** Where the device key lives (created 0700, key 0600). */
    stateDir: Type.String({ minLength: 1, description: 'a directory for the device key' }),
    /** Use only PC/SC readers whose name contains this. */
    readerName: Type.Optional(Type.String({ minLength: 1 })),
    /** `pcsc` on a box; `virtual:PROFILE.json` for development without pcscd (needs the dev install). */
    card: Type.String({
      pattern: '^(pcsc|virtual:.+)$',
      default: 'pcsc',
      description: 'pcsc or virtual:FILE',
    }),
    timeouts: Type.Object(
      {
        /** Per auth-server request, connect to last byte. */
        serverMs: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
        /** How long a PIN request waits for the viewer before the operation is cancelled. */
        pinEntrySeconds: Type.Integer({ minimum: 10, maximum: 3600, default: 300 }),
        /** Delay before PC/SC is opened again after pcscd went away. */
        pcscRestartMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
        /** After SIGTERM, how long shutdown may take before the process is killed. */
        stopMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 5000 }),
      },
      { ...closed, default: {} },
    ),
    logLevel: Type.Union(
      LOG_LEVELS.map((l) => Type.Literal(l)),
      { default: 'info' },
    ),
  },
  closed,
);
export type BridgeConfig = Static<typeof BridgeConfigSchema>;

export type CardSource = { kind: 'pcsc' } | { kind: 'virtual'; profile: string };
