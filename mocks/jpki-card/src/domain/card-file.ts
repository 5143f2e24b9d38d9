import type { KeyObject } from 'node:crypto';
import type { PinKind } from '@madoguchi/protocol';

/** A PIN's reference data. Mutable only through CHANGE REFERENCE DATA; its retry counter lives in the CounterStore. */
export interface PinRecord {
  readonly kind: PinKind;
  value: string;
  /** Tries left the first time the card is used, before the CounterStore has a value. */
  readonly initialTries: number;
}

/** A transparent EF, read with READ BINARY. */
export interface BinaryFile {
  readonly type: 'binary';
  readonly content: Uint8Array;
  /** The PIN whose verification READ BINARY needs; absent when the file is public. */
  readonly readPin?: PinKind;
  /** Count every SELECT of this file (the My Number EF), so tests can prove nobody selects it. */
  readonly countSelects?: boolean;
}

/** A PIN EF: the target of VERIFY and CHANGE REFERENCE DATA, never readable. */
export interface PinFile {
  readonly type: 'pin';
  readonly pin: PinRecord;
}

/** A private key EF: the target of COMPUTE DIGITAL SIGNATURE, never readable. */
export interface KeyFile {
  readonly type: 'key';
  /** RSA-2048 (see rsa-key.ts). */
  readonly key: KeyObject;
  /** The PIN whose verification signing needs. */
  readonly pin: PinKind;
}

export type CardFile = BinaryFile | PinFile | KeyFile;

export type ApplicationName = 'jpki' | 'cardInfo' | 'cardSurface';

/** One application: its AID and its EFs by file ID. */
export interface Application {
  readonly name: ApplicationName;
  readonly aid: Uint8Array;
  readonly files: ReadonlyMap<number, CardFile>;
}
