import type {
  AuditAction,
  AuditOutcome,
  AuditQuery,
  AuditRecord,
  Challenge,
  ErrorCode,
} from '@madoguchi/protocol';

export type Purpose = Challenge['purpose'];

/**
 * Every write and read of the server goes through this interface; SQLite and PostgreSQL implement it and one
 * contract suite (test/contract/store.test.ts) holds both to the same behaviour. Times are Dates; ids are strings.
 */
export interface DeviceRecord {
  deviceId: string;
  /** SPKI PEM of the box's ECDSA P-256 key. */
  publicKeyPem: string;
  label: string;
  enrolledAt: Date;
  revokedAt: Date | null;
}

export interface ChallengeRecord {
  challengeId: string;
  nonce: string;
  serviceId: string;
  deviceId: string;
  purpose: Purpose;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Why a challenge could not be consumed, or that it was (by this call and no other). */
export type ConsumeOutcome = 'consumed' | 'unknown' | 'expired' | 'used' | 'mismatch';

export type HolderStatus = 'active' | 'suspended' | 'merged';

export interface HolderRecord {
  holderId: string;
  status: HolderStatus;
  /** Set when status is merged: the holder this one was joined to by the serial list. */
  mergedInto: string | null;
  createdAt: Date;
}

/** One certificate (issuer DN in RFC 4514 form, serial as upper-case hex) known to belong to a holder. */
export interface CertificateKey {
  issuer: string;
  serial: string;
}

/** One row of J-LIS's old→new serial list. */
export interface RenewalRecord {
  issuer: string;
  oldSerial: string;
  newSerial: string;
  renewedAt: Date;
}

export type AuditEntry = Omit<AuditRecord, 'id' | 'at' | 'code'> & {
  at: Date;
  action: AuditAction;
  outcome: AuditOutcome;
  code: ErrorCode | null;
};

export interface Store {
  /** Brings the schema up to date; safe to run on every start and from several instances at once. */
  migrate(): Promise<void>;
  /** Throws when the database cannot answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Returns false when the id is taken (enrolment never replaces a key). */
  enrolDevice(device: Omit<DeviceRecord, 'revokedAt'>): Promise<boolean>;
  getDevice(deviceId: string): Promise<DeviceRecord | undefined>;
  /** Returns false when there is no such device or it was revoked already. */
  revokeDevice(deviceId: string, at: Date): Promise<boolean>;
  listDevices(): Promise<DeviceRecord[]>;

  createChallenge(challenge: Omit<ChallengeRecord, 'usedAt'>): Promise<void>;
  getChallenge(challengeId: string): Promise<ChallengeRecord | undefined>;
  /**
   * Marks the challenge used in ONE atomic statement, only if it is unused, unexpired at `now` and was issued to
   * `deviceId`; of many concurrent calls at most one gets 'consumed'. Otherwise says why.
   */
  consumeChallenge(challengeId: string, deviceId: string, now: Date): Promise<ConsumeOutcome>;

  /** The holder a certificate belongs to, if known. */
  findHolder(cert: CertificateKey): Promise<HolderRecord | undefined>;
  /**
   * Binds `cert` to `holderId` (or to a new holder when null) unless it is bound already; returns the holder the
   * certificate belongs to afterwards. Concurrent first logins with one certificate end with one holder.
   */
  bindCertificate(cert: CertificateKey, holderId: string | null, at: Date): Promise<HolderRecord>;
  /** Moves every certificate of `from` to `into` and marks `from` merged. */
  mergeHolder(from: string, into: string): Promise<void>;
  getHolder(holderId: string): Promise<HolderRecord | undefined>;
  setHolderStatus(holderId: string, status: 'active' | 'suspended'): Promise<void>;

  /** Records renewals; a row already known is ignored. Returns how many were new. */
  addRenewals(rows: RenewalRecord[]): Promise<number>;
  /** The old serial a renewed certificate replaced, if the serial list says so. */
  findRenewalOf(cert: CertificateKey): Promise<RenewalRecord | undefined>;

  appendAudit(entry: AuditEntry): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;
}
