import { randomUUID } from 'node:crypto';
import type { AuditQuery, AuditRecord, ErrorCode } from '@madoguchi/protocol';
import { migrate } from './migrations';
import type { SqlDb } from './sql-db';
import type {
  AuditEntry,
  CertificateKey,
  ChallengeRecord,
  ConsumeOutcome,
  DeviceRecord,
  HolderRecord,
  HolderStatus,
  Purpose,
  RenewalRecord,
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

  async consumeChallenge(challengeId: string, deviceId: string, now: Date): Promise<ConsumeOutcome> {
    // The single-use guarantee is this one conditional UPDATE: the database lets exactly one caller change the row.
    const changed = await this.db.execute(
      `UPDATE challenges SET used_at = ?
       WHERE challenge_id = ? AND used_at IS NULL AND expires_at > ? AND device_id = ?`,
      [now.getTime(), challengeId, now.getTime(), deviceId],
    );
    if (changed === 1) return 'consumed';
    const found = await this.getChallenge(challengeId);
    if (found === undefined) return 'unknown';
    if (found.usedAt !== null) return 'used';
    if (found.expiresAt.getTime() <= now.getTime()) return 'expired';
    return 'mismatch';
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
    await this.db.execute(
      `INSERT INTO audit (at, action, outcome, code, device_id, service_id, certificate_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [e.at.getTime(), e.action, e.outcome, e.code, e.deviceId, e.serviceId, e.certificateHash],
    );
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
