import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * pino JSON logs. The real guarantee is that no code passes a PIN to the logger (PinSecret prints as [PIN], message
 * bodies are never logged); the redaction below is a second net for anything PIN-like that slips in anyway.
 */
export const REDACTED_PATHS = ['pin', '*.pin', 'newPin', '*.newPin', 'message.pin', 'msg.pin', 'body.pin'];
/** Tokens and key material: never logged either (same second net). */
export const SECRET_PATHS = [
  'tokens',
  '*.tokens',
  'accessToken',
  '*.accessToken',
  'idToken',
  '*.idToken',
  'authorization',
  '*.authorization',
  'privateKey',
  '*.privateKey',
];

export function createLogger(options: { level: string }, destination?: DestinationStream): Logger {
  const config = {
    level: options.level,
    base: { service: 'madoguchi-bridge' },
    redact: {
      paths: [...REDACTED_PATHS, ...SECRET_PATHS],
      censor: (_value: unknown, path: string[]) =>
        path.at(-1)?.toLowerCase().endsWith('pin') ? '[PIN]' : '[SECRET]',
    },
  };
  return destination ? pino(config, destination) : pino(config);
}
