import { randomUUID } from 'node:crypto';
import type { AuditQuery, AuditRecord, ErrorCode, FactName, FactsSource } from '@madoguchi/protocol';
import { migrate } from './migrations';
import type { SqlDb, Statement } from './sql-db';
import type {
  AcceptedLogin,
  AuditEntry,
  CertificateKey,
  ChallengeRecord,
  ConsumeOutcome,
  DeviceRecord,
  FactsRelease,
  HolderRecord,
  HolderStatus,
  LinkRecord,
  LinkRecordStatus,
  LoginState,
  PruneBefore,
  Purpose,
  RenewalRecord,
  SessionRecord,
  Store,
} from './store';

/** The Store over either database: the SQL is written once, in the subset both understand. */
export class SqlStore implements Store {
  constructor(private readonly db: SqlDb) {}

  migrate(): Promise<void> {
    return migrate(this.db);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1 AS ok');
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---- devices ----

  async enrolDevice(d: Omit<DeviceRecord, 'revokedAt'>): Promise<boolean> {
    const changed = await this.db.execute(
      `INSERT INTO devices (device_id, public_key_pem, label, enrolled_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id) DO NOTHING`,
      [d.deviceId, d.publicKeyPem, d.label, d.enrolledAt.getTime()],
    );
    return changed === 1;
  }

  async getDevice(deviceId: string): Promise<DeviceRecord | undefined> {
    const [row] = await this.db.query<DeviceRow>('SELECT * FROM devices WHERE device_id = ?', [deviceId]);
    return row && toDevice(row);
  }

  async revokeDevice(deviceId: string, at: Date): Promise<boolean> {
    const changed = await this.db.execute(
      'UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL',
      [at.getTime(), deviceId],
    );
    return changed === 1;
  }

  async listDevices(): Promise<DeviceRecord[]> {
    return (await this.db.query<DeviceRow>('SELECT * FROM devices ORDER BY device_id')).map(toDevice);
  }

  // ---- challenges ----

  async createChallenge(c: Omit<ChallengeRecord, 'usedAt'>): Promise<void> {
    await this.db.execute(
      `INSERT INTO challenges (challenge_id, nonce, service_id, device_id, purpose, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        c.challengeId,
        c.nonce,
        c.serviceId,
        c.deviceId,
        c.purpose,
        c.createdAt.getTime(),
        c.expiresAt.getTime(),
      ],
    );
  }

  async getChallenge(challengeId: string): Promise<ChallengeRecord | undefined> {
    const [row] = await this.db.query<ChallengeRow>('SELECT * FROM challenges WHERE challenge_id = ?', [
      challengeId,
    ]);
    return row && toChallenge(row);
  }

  async consumeChallenge(
    challengeId: string,
    deviceId: string,
    now: Date,
    accepted?: AcceptedLogin,
  ): Promise<ConsumeOutcome> {
    // The single-use guarantee is this one conditional UPDATE: the database lets exactly one caller change the row.
    // It records the session of the login that consumed it; an accepted login's other writes are conditional on
    // that record, so they happen in the same transaction and only for the caller that won.
    const consume: Statement = {
      sql: `UPDATE challenges SET used_at = ?, used_by = ?
       WHERE challenge_id = ? AND used_at IS NULL AND expires_at > ? AND device_id = ?`,
      params: [now.getTime(), accepted?.session.sid ?? null, challengeId, now.getTime(), deviceId],
    };
    let changed: number | undefined;
    if (accepted === undefined) changed = await this.db.execute(consume.sql, consume.params);
    else if (this.db.dialect === 'postgres') {
      // One statement, so one query for node-postgres (each costs ~40 µs of its JavaScript, against six for
      // BEGIN…COMMIT) and one atomic unit for PostgreSQL: the writes read the UPDATE's RETURNING, so they happen
      // only for the caller whose UPDATE consumed the row (a concurrent one waits for its lock, then finds it used).
      const writes = acceptedWrites(accepted, now, { sql: 'EXISTS (SELECT 1 FROM consumed)', params: [] });
      const one = {
        sql: `WITH consumed AS (${consume.sql} RETURNING 1)${writes.map((w, i) => `, w${i} AS (${w.sql})`).join('')}
         SELECT 1 FROM consumed`,
        params: [...consume.params, ...writes.flatMap((w) => w.params)],
      };
      changed = await this.db.execute(one.sql, one.params);
    } else {
      const consumedBy = { sql: CONSUMED_BY, params: [challengeId, accepted.session.sid] };
      [changed] = await this.db.batch([consume, ...acceptedWrites(accepted, now, consumedBy)]);
    }
    if (changed === 1) return 'consumed';
    const found = await this.getChallenge(challengeId);
    if (found === undefined) return 'unknown';
    if (found.usedAt !== null) return 'used';
    if (found.expiresAt.getTime() <= now.getTime()) return 'expired';
    return 'mismatch';
  }

  async prune(before: PruneBefore): Promise<{ challenges: number; sessions: number }> {
    const [challenges = 0, sessions = 0] = await this.db.batch([
      {
        sql: 'DELETE FROM challenges WHERE expires_at < ?',
        params: [before.challengesExpiredBefore.getTime()],
      },
      {
        sql: 'DELETE FROM sessions WHERE created_at < ?',
        params: [before.sessionsCreatedBefore.getTime()],
      },
    ]);
    return { challenges, sessions };
  }

  // ---- holders ----

  async findHolder(cert: CertificateKey): Promise<HolderRecord | undefined> {
    const [row] = await this.db.query<HolderRow>(
      `SELECT h.* FROM holders h JOIN holder_certificates c ON c.holder_id = h.holder_id
       WHERE c.issuer = ? AND c.serial = ?`,
      [cert.issuer, cert.serial],
    );
    return row && toHolder(row);
  }

  async findLoginState(cert: CertificateKey, serviceId: string): Promise<LoginState | undefined> {
    const [row] = await this.db.query<LoginStateRow>(
      `SELECT h.*, c.abolished_at AS cert_abolished_at, l.service_id AS link_service_id,
         l.subject AS link_subject, l.status AS link_status, l.linked_at AS link_linked_at,
         l.last_used_at AS link_last_used_at, l.removed_at AS link_removed_at,
         l.facts_shared AS link_facts_shared, l.facts_source AS link_facts_source,
         l.facts_version AS link_facts_version, l.facts_cert_key AS link_facts_cert_key,
         l.facts_cert_serial AS link_facts_cert_serial
       FROM holder_certificates c JOIN holders h ON h.holder_id = c.holder_id
       LEFT JOIN links l ON l.holder_id = h.holder_id AND l.service_id = ?
       WHERE c.issuer = ? AND c.serial = ?`,
      [serviceId, cert.issuer, cert.serial],
    );
    return (
      row && {
        holder: toHolder(row),
        abolished: row.cert_abolished_at !== null,
        link:
          row.link_service_id === null
            ? undefined
            : toLink({
                holder_id: row.holder_id,
                service_id: row.link_service_id,
                subject: row.link_subject!,
                status: row.link_status!,
                linked_at: row.link_linked_at!,
                last_used_at: row.link_last_used_at!,
                removed_at: row.link_removed_at,
                facts_shared: row.link_facts_shared,
                facts_source: row.link_facts_source,
                facts_version: row.link_facts_version,
                facts_cert_key: row.link_facts_cert_key,
                facts_cert_serial: row.link_facts_cert_serial,
              }),
      }
    );
  }

  async bindCertificate(cert: CertificateKey, holderId: string | null, at: Date): Promise<HolderRecord> {
    const bound = await this.db.transaction(async (tx) => {
      const target = holderId ?? randomUUID();
      if (holderId === null) {
        await tx.execute('INSERT INTO holders (holder_id, status, created_at) VALUES (?, ?, ?)', [
          target,
          'active',
          at.getTime(),
        ]);
      }
      const changed = await tx.execute(
        `INSERT INTO holder_certificates (issuer, serial, holder_id, bound_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (issuer, serial) DO NOTHING`,
        [cert.issuer, cert.serial, target, at.getTime()],
      );
      // Lost a race with another first login: drop the holder we just made, keep theirs.
      if (changed === 0 && holderId === null)
        await tx.execute('DELETE FROM holders WHERE holder_id = ?', [target]);
      return changed;
    });
    const holder = await this.findHolder(cert);
    if (holder === undefined) throw new Error(`certificate ${cert.serial} unbound after bind (${bound})`);
    return holder;
  }

  async mergeHolder(from: string, into: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute('UPDATE holder_certificates SET holder_id = ? WHERE holder_id = ?', [into, from]);
      await tx.execute('UPDATE sessions SET holder_id = ? WHERE holder_id = ?', [into, from]);
      await tx.execute(
        `UPDATE links SET holder_id = ? WHERE holder_id = ?
         AND service_id NOT IN (SELECT service_id FROM links WHERE holder_id = ?)`,
        [into, from, into],
      );
      await tx.execute('DELETE FROM links WHERE holder_id = ?', [from]);
      await tx.execute('UPDATE holders SET status = ?, merged_into = ? WHERE holder_id = ?', [
        'merged',
        into,
        from,
      ]);
    });
  }

  async getHolder(holderId: string): Promise<HolderRecord | undefined> {
    const [row] = await this.db.query<HolderRow>('SELECT * FROM holders WHERE holder_id = ?', [holderId]);
    return row && toHolder(row);
  }

  async setHolderStatus(holderId: string, status: 'active' | 'suspended'): Promise<void> {
    await this.db.execute('UPDATE holders SET status = ? WHERE holder_id = ?', [status, holderId]);
  }

  async findHoldersBySerial(serial: string): Promise<HolderRecord[]> {
    const rows = await this.db.query<HolderRow>(
      `SELECT DISTINCT h.* FROM holders h JOIN holder_certificates c ON c.holder_id = h.holder_id
       WHERE c.serial = ? ORDER BY h.holder_id`,
      [serial],
    );
    return rows.map(toHolder);
  }

  abolishCertificates(holderId: string, at: Date): Promise<number> {
    return this.db.execute(
      'UPDATE holder_certificates SET abolished_at = ? WHERE holder_id = ? AND abolished_at IS NULL',
      [at.getTime(), holderId],
    );
  }

  async isCertificateAbolished(cert: CertificateKey): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 AS abolished FROM holder_certificates
       WHERE issuer = ? AND serial = ? AND abolished_at IS NOT NULL`,
      [cert.issuer, cert.serial],
    );
    return rows.length > 0;
  }

  // ---- links ----

  async activateLink(l: {
    holderId: string;
    serviceId: string;
    subject: string;
    at: Date;
  }): Promise<LinkRecord> {
    const at = l.at.getTime();
    // One statement, so concurrent first uses end with one link. A removed link starts afresh: linked now, with
    // no release remembered (the holder consents again to whatever is released next).
    const upsert = () =>
      this.db.execute(
        `INSERT INTO links (holder_id, service_id, subject, status, linked_at, last_used_at)
       VALUES (?, ?, ?, 'active', ?, ?)
       ON CONFLICT (holder_id, service_id) DO UPDATE SET
         last_used_at = excluded.last_used_at,
         linked_at = CASE WHEN links.status = 'removed' THEN excluded.linked_at ELSE links.linked_at END,
         facts_shared = CASE WHEN links.status = 'removed' THEN NULL ELSE links.facts_shared END,
         facts_source = CASE WHEN links.status = 'removed' THEN NULL ELSE links.facts_source END,
         facts_version = CASE WHEN links.status = 'removed' THEN NULL ELSE links.facts_version END,
         facts_cert_key = CASE WHEN links.status = 'removed' THEN NULL ELSE links.facts_cert_key END,
         facts_cert_serial = CASE WHEN links.status = 'removed' THEN NULL ELSE links.facts_cert_serial END,
         removed_at = NULL,
         status = CASE WHEN links.status = 'removed' THEN 'active' ELSE links.status END`,
        [l.holderId, l.serviceId, l.subject, at, at],
      );
    // On PostgreSQL a concurrent first use can trip the subject index, which is not the ON CONFLICT arbiter; the
    // link exists by then, so once more takes the update path.
    await upsert().catch((error: { code?: string }) => {
      if (error.code !== '23505') throw error;
      return upsert();
    });
    const link = await this.getLink(l.holderId, l.serviceId);
    if (link === undefined) throw new Error('link missing after activateLink');
    return link;
  }

  async recordFacts(holderId: string, serviceId: string, f: FactsRelease): Promise<void> {
    await this.db.execute(
      `UPDATE links SET status = 'active', facts_shared = ?, facts_source = ?, facts_version = ?,
         facts_cert_key = ?, facts_cert_serial = ?
       WHERE holder_id = ? AND service_id = ? AND status <> 'removed'`,
      [
        f.shared.join(','),
        f.source,
        f.version,
        f.certificate?.issuerKey ?? null,
        f.certificate?.serial ?? null,
        holderId,
        serviceId,
      ],
    );
  }

  async getLink(holderId: string, serviceId: string): Promise<LinkRecord | undefined> {
    const [row] = await this.db.query<LinkRow>('SELECT * FROM links WHERE holder_id = ? AND service_id = ?', [
      holderId,
      serviceId,
    ]);
    return row && toLink(row);
  }

  async findLinkBySubject(serviceId: string, subject: string): Promise<LinkRecord | undefined> {
    const [row] = await this.db.query<LinkRow>('SELECT * FROM links WHERE service_id = ? AND subject = ?', [
      serviceId,
      subject,
    ]);
    return row && toLink(row);
  }

  async listLinks(holderId: string): Promise<LinkRecord[]> {
    const rows = await this.db.query<LinkRow>(
      `SELECT * FROM links WHERE holder_id = ? AND status <> 'removed' ORDER BY service_id`,
      [holderId],
    );
    return rows.map(toLink);
  }

  async touchLink(holderId: string, serviceId: string, at: Date): Promise<void> {
    await this.db.execute('UPDATE links SET last_used_at = ? WHERE holder_id = ? AND service_id = ?', [
      at.getTime(),
      holderId,
      serviceId,
    ]);
  }

  async removeLink(holderId: string, serviceId: string, at: Date): Promise<boolean> {
    const changed = await this.db.execute(
      `UPDATE links SET status = 'removed', removed_at = ?
       WHERE holder_id = ? AND service_id = ? AND status <> 'removed'`,
      [at.getTime(), holderId, serviceId],
    );
    return changed === 1;
  }

  async markRelink(holderId: string, serviceId: string): Promise<boolean> {
    const changed = await this.db.execute(
      `UPDATE links SET status = 'relink-required' WHERE holder_id = ? AND service_id = ? AND status = 'active'`,
      [holderId, serviceId],
    );
    return changed === 1;
  }

  // ---- sessions ----

  async createSession(s: Omit<SessionRecord, 'revokedAt'>, createdAt: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO sessions (sid, holder_id, service_id, device_id, acr, auth_time, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [s.sid, s.holderId, s.serviceId, s.deviceId, s.acr, s.authTime.getTime(), createdAt.getTime()],
    );
  }

  async getSession(sid: string): Promise<SessionRecord | undefined> {
    const [row] = await this.db.query<SessionRow>('SELECT * FROM sessions WHERE sid = ?', [sid]);
    return row && toSession(row);
  }

  revokeSessions(holderId: string, at: Date): Promise<number> {
    return this.db.execute('UPDATE sessions SET revoked_at = ? WHERE holder_id = ? AND revoked_at IS NULL', [
      at.getTime(),
      holderId,
    ]);
  }

  // ---- services ----

  async setServiceSecret(serviceId: string, secretHash: string, at: Date): Promise<void> {
    await this.db.execute(
      `INSERT INTO service_secrets (service_id, secret_hash, created_at) VALUES (?, ?, ?)
       ON CONFLICT (service_id) DO UPDATE SET secret_hash = excluded.secret_hash, created_at = excluded.created_at`,
      [serviceId, secretHash, at.getTime()],
    );
  }

  async getServiceSecret(serviceId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ secret_hash: string }>(
      'SELECT secret_hash FROM service_secrets WHERE service_id = ?',
      [serviceId],
    );
    return row?.secret_hash;
  }

  // ---- renewals ----

  async addRenewals(rows: RenewalRecord[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      let added = 0;
      for (const r of rows) {
        added += await tx.execute(
          `INSERT INTO renewals (issuer, old_serial, new_serial, renewed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (issuer, old_serial) DO NOTHING`,
          [r.issuer, r.oldSerial, r.newSerial, r.renewedAt.getTime()],
        );
      }
      return added;
    });
  }

  async findRenewalOf(cert: CertificateKey): Promise<RenewalRecord | undefined> {
    const [row] = await this.db.query<RenewalRow>(
      'SELECT * FROM renewals WHERE issuer = ? AND new_serial = ? ORDER BY renewed_at DESC',
      [cert.issuer, cert.serial],
    );
    return (
      row && {
        issuer: row.issuer,
        oldSerial: row.old_serial,
        newSerial: row.new_serial,
        renewedAt: new Date(Number(row.renewed_at)),
      }
    );
  }

  // ---- audit ----

  async appendAudit(e: AuditEntry): Promise<void> {
    const { sql, params } = auditInsert(e, 'VALUES (?, ?, ?, ?, ?, ?, ?)');
    await this.db.execute(sql, params);
  }

  async queryAudit(q: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      where.push(clause);
      params.push(value);
    };
    if (q.since !== undefined) add('at >= ?', Date.parse(q.since));
    if (q.until !== undefined) add('at < ?', Date.parse(q.until));
    if (q.outcome !== undefined) add('outcome = ?', q.outcome);
    if (q.code !== undefined) add('code = ?', q.code);
    if (q.deviceId !== undefined) add('device_id = ?', q.deviceId);
    if (q.serviceId !== undefined) add('service_id = ?', q.serviceId);
    if (q.afterId !== undefined) add('id > ?', q.afterId);
    const rows = await this.db.query<AuditRow>(
      `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT ?`,
      [...params, q.limit ?? 100],
    );
    return rows.map(toAudit);
  }
}

// ---- an accepted login's writes ----

/** True only for the transaction whose consuming UPDATE recorded this session: the condition of every write below. */
const CONSUMED_BY = 'EXISTS (SELECT 1 FROM challenges WHERE challenge_id = ? AND used_by = ?)';

/** Parameters in a SELECT list have no column to take a type from: PostgreSQL needs the integers cast. */
const BIGINT = 'CAST(? AS BIGINT)';

function auditInsert(e: AuditEntry, values: string, extra: readonly unknown[] = []): Statement {
  return {
    sql: `INSERT INTO audit (at, action, outcome, code, device_id, service_id, certificate_hash) ${values}`,
    params: [
      e.at.getTime(),
      e.action,
      e.outcome,
      e.code,
      e.deviceId,
      e.serviceId,
      e.certificateHash,
      ...extra,
    ],
  };
}

/**
 * An accepted login's writes — its session, the link's last use, the acceptance's audit record — each only where
 * `consumed` holds: that this login's step consumed the challenge.
 */
function acceptedWrites(a: AcceptedLogin, now: Date, consumed: Statement): Statement[] {
  const s = a.session;
  return [
    {
      sql: `INSERT INTO sessions (sid, holder_id, service_id, device_id, acr, auth_time, created_at)
       SELECT ?, ?, ?, ?, ?, ${BIGINT}, ${BIGINT} WHERE ${consumed.sql}`,
      params: [
        s.sid,
        s.holderId,
        s.serviceId,
        s.deviceId,
        s.acr,
        s.authTime.getTime(),
        now.getTime(),
        ...consumed.params,
      ],
    },
    ...(a.touchLink
      ? [
          {
            sql: `UPDATE links SET last_used_at = ? WHERE holder_id = ? AND service_id = ? AND ${consumed.sql}`,
            params: [now.getTime(), s.holderId, s.serviceId, ...consumed.params],
          },
        ]
      : []),
    auditInsert(a.audit, `SELECT ${BIGINT}, ?, ?, ?, ?, ?, ? WHERE ${consumed.sql}`, consumed.params),
  ];
}

// ---- rows ----

type Ms = number | string; // BIGINT arrives as a string from node-postgres

interface DeviceRow {
  device_id: string;
  public_key_pem: string;
  label: string;
  enrolled_at: Ms;
  revoked_at: Ms | null;
}
interface ChallengeRow {
  challenge_id: string;
  nonce: string;
  service_id: string;
  device_id: string;
  purpose: string;
  created_at: Ms;
  expires_at: Ms;
  used_at: Ms | null;
}
interface HolderRow {
  holder_id: string;
  status: string;
  merged_into: string | null;
  created_at: Ms;
}
interface LoginStateRow extends HolderRow {
  cert_abolished_at: Ms | null;
  link_service_id: string | null;
  link_subject: string | null;
  link_status: string | null;
  link_linked_at: Ms | null;
  link_last_used_at: Ms | null;
  link_removed_at: Ms | null;
  link_facts_shared: string | null;
  link_facts_source: string | null;
  link_facts_version: string | null;
  link_facts_cert_key: string | null;
  link_facts_cert_serial: string | null;
}
interface LinkRow {
  holder_id: string;
  service_id: string;
  subject: string;
  status: string;
  linked_at: Ms;
  last_used_at: Ms;
  removed_at: Ms | null;
  facts_shared: string | null;
  facts_source: string | null;
  facts_version: string | null;
  facts_cert_key: string | null;
  facts_cert_serial: string | null;
}
interface SessionRow {
  sid: string;
  holder_id: string;
  service_id: string;
  device_id: string;
  acr: string;
  auth_time: Ms;
  revoked_at: Ms | null;
}
interface RenewalRow {
  issuer: string;
  old_serial: string;
  new_serial: string;
  renewed_at: Ms;
}
interface AuditRow {
  id: number | string;
  at: Ms;
  action: string;
  outcome: string;
  code: string | null;
  device_id: string | null;
  service_id: string | null;
  certificate_hash: string | null;
}

const date = (ms: Ms): Date => new Date(Number(ms));
const maybeDate = (ms: Ms | null): Date | null => (ms === null ? null : date(ms));

const toDevice = (r: DeviceRow): DeviceRecord => ({
  deviceId: r.device_id,
  publicKeyPem: r.public_key_pem,
  label: r.label,
  enrolledAt: date(r.enrolled_at),
  revokedAt: maybeDate(r.revoked_at),
});

const toChallenge = (r: ChallengeRow): ChallengeRecord => ({
  challengeId: r.challenge_id,
  nonce: r.nonce,
  serviceId: r.service_id,
  deviceId: r.device_id,
  purpose: r.purpose as Purpose,
  createdAt: date(r.created_at),
  expiresAt: date(r.expires_at),
  usedAt: maybeDate(r.used_at),
});

const toHolder = (r: HolderRow): HolderRecord => ({
  holderId: r.holder_id,
  status: r.status as HolderStatus,
  mergedInto: r.merged_into,
  createdAt: date(r.created_at),
});

const toAudit = (r: AuditRow): AuditRecord => ({
  id: Number(r.id),
  at: date(r.at).toISOString(),
  action: r.action as AuditRecord['action'],
  outcome: r.outcome as AuditRecord['outcome'],
  code: r.code as ErrorCode | null,
  deviceId: r.device_id,
  serviceId: r.service_id,
  certificateHash: r.certificate_hash,
});

const toLink = (r: LinkRow): LinkRecord => ({
  holderId: r.holder_id,
  serviceId: r.service_id,
  subject: r.subject,
  status: r.status as LinkRecordStatus,
  linkedAt: date(r.linked_at),
  lastUsedAt: date(r.last_used_at),
  removedAt: maybeDate(r.removed_at),
  facts:
    r.facts_source === null
      ? null
      : {
          shared: (r.facts_shared ? r.facts_shared.split(',') : []) as FactName[],
          source: r.facts_source as FactsSource,
          version: r.facts_version ?? '',
          certificate:
            r.facts_cert_key !== null && r.facts_cert_serial !== null
              ? { issuerKey: r.facts_cert_key, serial: r.facts_cert_serial }
              : null,
        },
});

const toSession = (r: SessionRow): SessionRecord => ({
  sid: r.sid,
  holderId: r.holder_id,
  serviceId: r.service_id,
  deviceId: r.device_id,
  acr: r.acr as SessionRecord['acr'],
  authTime: date(r.auth_time),
  revokedAt: maybeDate(r.revoked_at),
});
