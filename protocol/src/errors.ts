import { Type, type Static } from '@sinclair/typebox';

/**
 * The one list of stable error codes. Every refusal anywhere in Madoguchi carries one of these; the TV maps each to
 * one plain Japanese sentence and one next step, the server to an HTTP status. Add codes here, never elsewhere.
 */
export const ERROR_CODES = [
  // card and reader
  'READER_MISSING',
  'CARD_ABSENT',
  'CARD_REMOVED',
  'CARD_UNREADABLE',
  'CARD_NOT_JPKI',
  'CARD_FILE_NOT_FOUND',
  'CARD_ACCESS_DENIED',
  'CARD_BAD_RESPONSE',
  'CARD_NO_SIGN_CERT',
  // PIN
  'PIN_FORMAT',
  'PIN_WRONG',
  'PIN_LAST_TRY_CONFIRM_REQUIRED',
  'PIN_BLOCKED',
  // certificates and revocation
  'CERT_MALFORMED',
  'CERT_UNTRUSTED',
  'CERT_NOT_YET_VALID',
  'CERT_EXPIRED',
  'CERT_KEY_USAGE',
  'CERT_POLICY',
  'CERT_REVOKED',
  'CRL_INVALID',
  'CRL_STALE',
  'SIGNATURE_INVALID',
  // challenges, devices, holders
  'CHALLENGE_UNKNOWN',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_USED',
  'CHALLENGE_MISMATCH',
  'DEVICE_UNKNOWN',
  'DEVICE_REVOKED',
  'HOLDER_SUSPENDED',
  // auth-server: services, assurance, operators
  'SERVICE_UNKNOWN',
  'ASSURANCE_INSUFFICIENT',
  'OPERATOR_UNAUTHORIZED',
  // auth-server: links, holders' tokens, services' credentials
  'LINK_REQUIRED',
  'FACTS_NOT_ALLOWED',
  'FRESH_LOGIN_REQUIRED',
  'TOKEN_INVALID',
  'SERVICE_UNAUTHORIZED',
  'CARD_ABOLISHED',
  // services: the resident does not qualify (a 敬老パス under 70)
  'NOT_ELIGIBLE',
  // transport and messages
  'SERVER_UNREACHABLE',
  'BAD_MESSAGE',
  'NOT_FOUND',
  'BUSY',
  'CANCELLED',
  'CONFIG_INVALID',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = Type.Union(
  ERROR_CODES.map((code) => Type.Literal(code)),
  { $id: 'ErrorCode' },
);
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The body of every refusal, on HTTP and on the WebSocket alike. Never carries a PIN or personal data. */
export const ErrorBodySchema = Type.Object(
  {
    code: ErrorCodeSchema,
    message: Type.String(),
    triesLeft: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { $id: 'ErrorBody', additionalProperties: false },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** HTTP status for each code, so every server answers the same refusal the same way. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  READER_MISSING: 503,
  CARD_ABSENT: 409,
  CARD_REMOVED: 409,
  CARD_UNREADABLE: 422,
  CARD_NOT_JPKI: 422,
  CARD_FILE_NOT_FOUND: 422,
  CARD_ACCESS_DENIED: 403,
  CARD_BAD_RESPONSE: 502,
  CARD_NO_SIGN_CERT: 422,
  PIN_FORMAT: 400,
  PIN_WRONG: 401,
  PIN_LAST_TRY_CONFIRM_REQUIRED: 409,
  PIN_BLOCKED: 423,
  CERT_MALFORMED: 400,
  CERT_UNTRUSTED: 401,
  CERT_NOT_YET_VALID: 401,
  CERT_EXPIRED: 401,
  CERT_KEY_USAGE: 401,
  CERT_POLICY: 401,
  CERT_REVOKED: 401,
  CRL_INVALID: 503,
  CRL_STALE: 503,
  SIGNATURE_INVALID: 401,
  CHALLENGE_UNKNOWN: 401,
  CHALLENGE_EXPIRED: 401,
  CHALLENGE_USED: 401,
  CHALLENGE_MISMATCH: 401,
  DEVICE_UNKNOWN: 401,
  DEVICE_REVOKED: 403,
  HOLDER_SUSPENDED: 403,
  SERVICE_UNKNOWN: 404,
  ASSURANCE_INSUFFICIENT: 403,
  OPERATOR_UNAUTHORIZED: 401,
  LINK_REQUIRED: 403,
  FACTS_NOT_ALLOWED: 403,
  FRESH_LOGIN_REQUIRED: 401,
  TOKEN_INVALID: 401,
  SERVICE_UNAUTHORIZED: 401,
  CARD_ABOLISHED: 403,
  NOT_ELIGIBLE: 403,
  SERVER_UNREACHABLE: 503,
  BAD_MESSAGE: 400,
  NOT_FOUND: 404,
  BUSY: 429,
  /** The viewer cancelled an operation (pin.cancel, or the TV disconnected). */
  CANCELLED: 409,
  CONFIG_INVALID: 500,
  INTERNAL: 500,
};

/** The base error: a stable `code`, a developer message, and typed context (never secrets). */
export class MadoguchiError extends Error {
  override readonly name = 'MadoguchiError';
  readonly code: ErrorCode;
  readonly triesLeft: number | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; triesLeft?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.triesLeft = options.triesLeft;
  }

  toBody(): ErrorBody {
    return this.triesLeft === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, triesLeft: this.triesLeft };
  }
}

export function isMadoguchiError(value: unknown, code?: ErrorCode): value is MadoguchiError {
  return value instanceof MadoguchiError && (code === undefined || value.code === code);
}
