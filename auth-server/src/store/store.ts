import type {
  AuditAction,
  AuditOutcome,
  AuditQuery,
  AuditRecord,
  Challenge,
  ErrorCode,
  FactName,
  FactsSource,
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

/** `removed`: the holder removed it (the service lost access); a new consent makes it active again. */
export type LinkRecordStatus = 'active' | 'relink-required' | 'removed';

/** What was released to a service at its last 紐付け: which facts, from where, which version. Never the facts. */
export interface FactsRelease {
  shared: FactName[];
  source: FactsSource;
  /** Keyed hash of the facts as released (equal facts, equal version). */
  version: string;
  /** For `sign-cert`: the certificate they came from, so that its revocation for a name change is noticed. */
  certificate: { issuerKey: string; serial: string } | null;
}

/** A holder ↔ service link, made with the holder's consent. */
export interface LinkRecord {
  holderId: string;
  serviceId: string;
  /** The pairwise subject the service knows this holder by; kept when holders are merged. */
  subject: string;
  status: LinkRecordStatus;
  linkedAt: Date;
  lastUsedAt: Date;
  removedAt: Date | null;
  facts: FactsRelease | null;
}

/** One PIN login (or a reuse of one): what every token carries as `sid`, so that it can be refused later. */
export interface SessionRecord {
  sid: string;
  holderId: string;
  serviceId: string;
  deviceId: string;
  acr: 'auth' | 'sign';
  /** When the PIN was entered (a reuse keeps the original). */
  authTime: Date;
  revokedAt: Date | null;
}

export type AuditEntry = Omit<AuditRecord, 'id' | 'at' | 'code'> & {
  at: Date;
  action: AuditAction;
  outcome: AuditOutcome;
  code: ErrorCode | null;
};

/** What a login needs to know of its certificate's holder, read at once. */
export interface LoginState {
  holder: HolderRecord;
  /** The certificate was abolished after a loss report. */
  abolished: boolean;
  /** The holder's link to the service asked about, removed or not. */
  link: LinkRecord | undefined;
}

/** The writes of an accepted login, made by the same atomic step that consumes its challenge, or not at all. */
export interface AcceptedLogin {
  session: Omit<SessionRecord, 'revokedAt'>;
  /** Whether the holder's link to the session's service is marked used now (not for the holder's own audience). */
  touchLink: boolean;
  audit: AuditEntry;
}

/** What pruning keeps: challenges that expired at or after one time, sessions made at or after another. */
export interface PruneBefore {
  challengesExpiredBefore: Date;
  sessionsCreatedBefore: Date;
}

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
   * `deviceId`; of many concurrent calls at most one gets 'consumed'. Otherwise says why. `accepted`'s writes are
   * made in the same transaction (one round trip) by the call that consumes it, and by no other.
   */
  consumeChallenge(
    challengeId: string,
    deviceId: string,
    now: Date,
    accepted?: AcceptedLogin,
  ): Promise<ConsumeOutcome>;
  /** Deletes challenges and sessions older than `before` says; returns how many of each. */
  prune(before: PruneBefore): Promise<{ challenges: number; sessions: number }>;

  /** The holder a certificate belongs to, if known. */
  findHolder(cert: CertificateKey): Promise<HolderRecord | undefined>;
  /** The holder a certificate belongs to, whether the certificate is abolished, and the link to `serviceId`. */
  findLoginState(cert: CertificateKey, serviceId: string): Promise<LoginState | undefined>;
  /**
   * Binds `cert` to `holderId` (or to a new holder when null) unless it is bound already; returns the holder the
   * certificate belongs to afterwards. Concurrent first logins with one certificate end with one holder.
   */
  bindCertificate(cert: CertificateKey, holderId: string | null, at: Date): Promise<HolderRecord>;
  /**
   * Moves every certificate and session of `from` to `into` and marks `from` merged. Links move too (keeping their
   * subjects, so services still know the holder), except where `into` has a link to that service already.
   */
  mergeHolder(from: string, into: string): Promise<void>;
  getHolder(holderId: string): Promise<HolderRecord | undefined>;
  setHolderStatus(holderId: string, status: 'active' | 'suspended'): Promise<void>;

  /** Every certificate bound to this serial (any issuer): how the operator finds the holder of a lost card. */
  findHoldersBySerial(serial: string): Promise<HolderRecord[]>;
  /** Marks every certificate of the holder abolished (never accepted again); returns how many. */
  abolishCertificates(holderId: string, at: Date): Promise<number>;
  isCertificateAbolished(cert: CertificateKey): Promise<boolean>;

  /**
   * Records consent to a link: a new link, or a removed one made active again (linked now, its old release
   * forgotten). An active or relink-required link keeps its linkedAt. Returns the link afterwards.
   */
  activateLink(link: { holderId: string; serviceId: string; subject: string; at: Date }): Promise<LinkRecord>;
  /** Records a release of facts on an existing link, which makes it active (a re-link after a name change). */
  recordFacts(holderId: string, serviceId: string, facts: FactsRelease): Promise<void>;
  getLink(holderId: string, serviceId: string): Promise<LinkRecord | undefined>;
  findLinkBySubject(serviceId: string, subject: string): Promise<LinkRecord | undefined>;
  /** The holder's links that are not removed, by service id. */
  listLinks(holderId: string): Promise<LinkRecord[]>;
  touchLink(holderId: string, serviceId: string, at: Date): Promise<void>;
  /** Returns false when there was no such link not removed already. */
  removeLink(holderId: string, serviceId: string, at: Date): Promise<boolean>;
  /** An active link is marked relink-required; returns whether it changed. */
  markRelink(holderId: string, serviceId: string): Promise<boolean>;

  /** `createdAt`: when its tokens were issued (later than authTime for a reused login); what pruning goes by. */
  createSession(session: Omit<SessionRecord, 'revokedAt'>, createdAt: Date): Promise<void>;
  getSession(sid: string): Promise<SessionRecord | undefined>;
  /** Ends every session of the holder (their tokens are refused from now on); returns how many. */
  revokeSessions(holderId: string, at: Date): Promise<number>;

  /** Replaces the service's client secret hash. */
  setServiceSecret(serviceId: string, secretHash: string, at: Date): Promise<void>;
  getServiceSecret(serviceId: string): Promise<string | undefined>;

  /** Records renewals; a row already known is ignored. Returns how many were new. */
  addRenewals(rows: RenewalRecord[]): Promise<number>;
  /** The old serial a renewed certificate replaced, if the serial list says so. */
  findRenewalOf(cert: CertificateKey): Promise<RenewalRecord | undefined>;

  appendAudit(entry: AuditEntry): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;
}
