import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * pino JSON logs. The real guarantee is that no code passes a PIN to the logger (PinSecret prints as [PIN], message
 * bodies are never logged); the redaction below is a second net for anything PIN-like that slips in anyway.
 */
export const REDACTED_PATHS = ['pin', '*.pin', 'newPin', '*.newPin', 'message.pin', 'msg.pin', 'body.pin'];

export function createLogger(options: { level: string }, destination?: DestinationStream): Logger {
  const config = {
    level: options.level,
    base: { service: 'madoguchi-bridge' },
    redact: { paths: REDACTED_PATHS, censor: '[PIN]' },
  };
  return destination ? pino(config, destination) : pino(config);
}
