/**
 * Failures of the test CA itself (operator mistakes, a broken state directory). They are not part of Madoguchi's
 * user-facing error list in protocol/, which is about what a viewer or verifier meets.
 */
export const JPKI_CA_ERROR_CODES = [
  /** createCa on a directory that already holds a CA, or is not empty. */
  'CA_EXISTS',
  /** openCa on a directory with no CA. */
  'CA_NOT_FOUND',
  /** A state file is missing, unparseable or inconsistent. */
  'STATE_CORRUPT',
  /** No certificate of that kind with that serial was issued here. */
  'SERIAL_UNKNOWN',
  /** The certificate's status does not allow the operation (e.g. releasing a certificate that is not on hold). */
  'WRONG_STATUS',
  /** An argument is missing or out of range. */
  'BAD_REQUEST',
] as const;

export type JpkiCaErrorCode = (typeof JPKI_CA_ERROR_CODES)[number];

export class JpkiCaError extends Error {
  override readonly name = 'JpkiCaError';
  readonly code: JpkiCaErrorCode;

  constructor(code: JpkiCaErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

export function isJpkiCaError(value: unknown, code?: JpkiCaErrorCode): value is JpkiCaError {
  return value instanceof JpkiCaError && (code === undefined || value.code === code);
}
