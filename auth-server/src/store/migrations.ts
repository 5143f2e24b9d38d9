import type { Dialect, SqlDb } from './sql-db';

/**
 * Schema versions, applied in order and recorded in schema_migrations. The SQL is shared; only the audit id column
 * differs. Append a new entry for every change, never edit an applied one.
 */
const MIGRATIONS: ReadonlyArray<{ version: number; statements: (d: Dialect) => string[] }> = [
  {
    version: 1,
    statements: (d) => [
      `CREATE TABLE devices (
        device_id TEXT PRIMARY KEY, public_key_pem TEXT NOT NULL, label TEXT NOT NULL,
        enrolled_at BIGINT NOT NULL, revoked_at BIGINT)`,
      `CREATE TABLE challenges (
        challenge_id TEXT PRIMARY KEY, nonce TEXT NOT NULL, service_id TEXT NOT NULL, device_id TEXT NOT NULL,
        purpose TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT)`,
      `CREATE INDEX challenges_expires ON challenges (expires_at)`,
      `CREATE TABLE holders (
        holder_id TEXT PRIMARY KEY, status TEXT NOT NULL, merged_into TEXT, created_at BIGINT NOT NULL)`,
      `CREATE TABLE holder_certificates (
        issuer TEXT NOT NULL, serial TEXT NOT NULL, holder_id TEXT NOT NULL REFERENCES holders (holder_id),
        bound_at BIGINT NOT NULL, PRIMARY KEY (issuer, serial))`,
      `CREATE INDEX holder_certificates_holder ON holder_certificates (holder_id)`,
      `CREATE TABLE renewals (
        issuer TEXT NOT NULL, old_serial TEXT NOT NULL, new_serial TEXT NOT NULL, renewed_at BIGINT NOT NULL,
        PRIMARY KEY (issuer, old_serial))`,
      `CREATE INDEX renewals_new ON renewals (issuer, new_serial)`,
      `CREATE TABLE audit (
        id ${d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY'},
        at BIGINT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL, code TEXT, device_id TEXT,
        service_id TEXT, certificate_hash TEXT)`,
      `CREATE INDEX audit_at ON audit (at)`,
    ],
  },
  {
    // Issue 6: links with consent, sessions (every token's sid), services' secrets, abolished certificates.
    version: 2,
    statements: () => [
      `ALTER TABLE holder_certificates ADD COLUMN abolished_at BIGINT`,
      `CREATE INDEX holder_certificates_serial ON holder_certificates (serial)`,
      `CREATE TABLE links (
        holder_id TEXT NOT NULL REFERENCES holders (holder_id), service_id TEXT NOT NULL, subject TEXT NOT NULL,
        status TEXT NOT NULL, linked_at BIGINT NOT NULL, last_used_at BIGINT NOT NULL, removed_at BIGINT,
        facts_shared TEXT, facts_source TEXT, facts_version TEXT, facts_cert_key TEXT, facts_cert_serial TEXT,
        PRIMARY KEY (holder_id, service_id))`,
      `CREATE UNIQUE INDEX links_subject ON links (service_id, subject)`,
      `CREATE TABLE sessions (
        sid TEXT PRIMARY KEY, holder_id TEXT NOT NULL, service_id TEXT NOT NULL, device_id TEXT NOT NULL,
        acr TEXT NOT NULL, auth_time BIGINT NOT NULL, revoked_at BIGINT)`,
      `CREATE INDEX sessions_holder ON sessions (holder_id)`,
      `CREATE TABLE service_secrets (
        service_id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
  {
    // Issue 5: which login consumed a challenge (its writes ride on the consuming statement), and when a session
    // was made, so that old sessions and challenges can be pruned.
    version: 3,
    statements: () => [
      `ALTER TABLE challenges ADD COLUMN used_by TEXT`,
      `ALTER TABLE sessions ADD COLUMN created_at BIGINT`,
      `CREATE INDEX sessions_created ON sessions (created_at)`,
    ],
  },
  {
    // Sessions from before version 3 count from their auth_time (never later than their creation), so that pruning
    // can compare created_at alone and use its index.
    version: 4,
    statements: () => [`UPDATE sessions SET created_at = auth_time WHERE created_at IS NULL`],
  },
];

export async function migrate(db: SqlDb): Promise<void> {
  await db.transaction(async (tx) => {
    // Several instances may start at once: PostgreSQL serialises them on a lock; SQLite's transaction already does.
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(727001)');
    await tx.execute('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
    const rows = await tx.query<{ version: number | string }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      for (const statement of m.statements(tx.dialect)) await tx.execute(statement);
      await tx.execute('INSERT INTO schema_migrations (version) VALUES (?)', [m.version]);
    }
  });
}
