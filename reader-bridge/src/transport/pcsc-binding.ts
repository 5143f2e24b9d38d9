import pcscliteFactory from 'pcsclite';

/**
 * The part of the `pcsclite` binding the bridge uses, typed here (its bundled index.d.ts exports only the factory).
 * One seam: a different binding (the `smartcard` N-API package) could stand behind these two interfaces.
 */
export interface PcscContext {
  on(event: 'reader', listener: (reader: PcscReaderHandle) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  close(): void;
}

export interface PcscReaderHandle {
  readonly name: string;
  /** A plain property pcsclite sets; writable because a failed disconnect leaves it true (see PcscReader). */
  connected: boolean;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_LEAVE_CARD: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): this;
  on(event: 'end', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  connect(options: { share_mode: number }, callback: (error: Error | null, protocol: number) => void): void;
  disconnect(disposition: number, callback: (error: Error | null) => void): void;
  transmit(
    data: Buffer,
    maxResponse: number,
    protocol: number,
    callback: (error: Error | null, response: Buffer) => void,
  ): void;
  close(): void;
}

/** Opens a PC/SC context; throws when pcscd is not there (SCardEstablishContext: Service not available). */
export type PcscBinding = () => PcscContext;

/** libpcsclite reads PCSCLITE_CSOCK_NAME when the first context is opened, not when the module loads. */
export const pcsclite: PcscBinding = () => pcscliteFactory() as unknown as PcscContext;

/**
 * PC/SC return codes (pcsclite puts them in the message as `(0x8010xxxx)`) that mean the card or reader left.
 * NOT_TRANSACTED (16) is what pcscd says when the reader lost the card mid-command (a contactless card leaving the
 * field, vpcd's socket closing): to the viewer, the card is gone.
 */
const REMOVED = new Set([0x80100069, 0x8010000c, 0x80100068, 0x80100016]);
/**
 * The reader is not ours to use any more. F_COMM_ERROR (13, "RPC transport error") is a call cut off by pcscd going
 * away mid-command; W_SECURITY_VIOLATION (6A, "Access denied") is what a restarted pcscd answers a command sent on
 * its predecessor's handle (both measured, the second about one restart in six), and what pcscd's polkit check
 * answers a service that may not use the reader.
 */
const READER_GONE = new Set([
  0x80100009, 0x80100013, 0x80100017, 0x8010001d, 0x8010001e, 0x80100003, 0x8010006a,
]);

export type PcscFailure = 'card-removed' | 'reader-gone' | 'other';

export function classifyPcscError(error: Error): PcscFailure {
  const match = /\(0x([0-9a-fA-F]{8})\)/.exec(error.message);
  const code = match ? Number.parseInt(match[1]!, 16) : undefined;
  if (code !== undefined && REMOVED.has(code)) return 'card-removed';
  if (code !== undefined && READER_GONE.has(code)) return 'reader-gone';
  return 'other';
}
