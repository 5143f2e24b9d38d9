import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { CaKind } from './ca-kind';
import { REVOCATION_REASONS } from './crl';
import { JpkiCaError } from './errors';

/**
 * The state directory: its layout and its two JSON files. The layout is a contract (README "State directory"): the
 * jpki-sim CLI, the card tests and the auth-server read these files directly.
 */
export function stateLayout(dir: string) {
  const generationDir = (kind: CaKind, generation: number) => join(dir, kind, `g${generation}`);
  return {
    caJson: join(dir, 'ca.json'),
    indexJson: join(dir, 'index.json'),
    serialList: join(dir, 'serial-list.csv'),
    /** Relative to the state directory, as stored in the index. */
    certPath: (serial: string) => join('certs', `${serial}.pem`),
    caCert: (kind: CaKind, generation: number) => join(generationDir(kind, generation), 'ca.pem'),
    caKey: (kind: CaKind, generation: number) => join(generationDir(kind, generation), 'ca.key.pem'),
    crl: (kind: CaKind, generation: number, format: 'der' | 'pem') =>
      join(generationDir(kind, generation), format === 'der' ? 'crl.der' : 'crl.pem'),
    newWithOld: (kind: CaKind, generation: number) =>
      join(generationDir(kind, generation), 'new-with-old.pem'),
    oldWithNew: (kind: CaKind, generation: number) =>
      join(generationDir(kind, generation), 'old-with-new.pem'),
  };
}

export type StateLayout = ReturnType<typeof stateLayout>;

const IsoTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{3})?Z$',
});
const Serial = Type.String({ pattern: '^[0-9A-F]{1,40}$' });
const Kind = Type.Union([Type.Literal('auth'), Type.Literal('sign')]);

const CaGenerationSchema = Type.Object(
  {
    generation: Type.Integer({ minimum: 1 }),
    rootSerial: Serial,
    notBefore: IsoTime,
    notAfter: IsoTime,
    /** The number of the last CRL published for this generation; 0 before the first. */
    crlNumber: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

const CaKindStateSchema = Type.Object(
  { generations: Type.Array(CaGenerationSchema, { minItems: 1 }) },
  { additionalProperties: false },
);

/** ca.json: the generations of each CA (the last one issues) and their CRL counters. */
export const CaStateSchema = Type.Object(
  { format: Type.Literal(1), auth: CaKindStateSchema, sign: CaKindStateSchema },
  { additionalProperties: false },
);

const CertificateStatusSchema = Type.Union([
  Type.Literal('valid'),
  Type.Literal('held'),
  Type.Literal('revoked'),
]);

/** One issued end-entity certificate in index.json. */
export const CertificateRecordSchema = Type.Object(
  {
    serial: Serial,
    kind: Kind,
    /** The CA generation (root key) that issued it. */
    generation: Type.Integer({ minimum: 1 }),
    /** RFC 4514, e.g. `CN=K3J9…,C=JP`. */
    subject: Type.String(),
    notBefore: IsoTime,
    notAfter: IsoTime,
    status: CertificateStatusSchema,
    /** Present while held or revoked. */
    revocation: Type.Optional(
      Type.Object(
        { reason: Type.Union(REVOCATION_REASONS.map((r) => Type.Literal(r))), time: IsoTime },
        { additionalProperties: false },
      ),
    ),
    /** The PEM, relative to the state directory: `certs/<serial>.pem`. */
    certPath: Type.String(),
  },
  { additionalProperties: false },
);

/** index.json: every end-entity certificate issued, in issue order. */
export const IndexSchema = Type.Object(
  { format: Type.Literal(1), certificates: Type.Array(CertificateRecordSchema) },
  { additionalProperties: false },
);

export type CaState = Static<typeof CaStateSchema>;
export type CaGeneration = Static<typeof CaGenerationSchema>;
export type CertificateStatus = Static<typeof CertificateStatusSchema>;
export type CertificateRecord = Static<typeof CertificateRecordSchema>;
export type IndexState = Static<typeof IndexSchema>;

/** Reads and validates a state file; anything unreadable is STATE_CORRUPT, naming the file and the first problem. */
export async function readState<T extends TSchema>(path: string, schema: T): Promise<Static<T>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new JpkiCaError('STATE_CORRUPT', `cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  const problem = Value.Errors(schema, value).First();
  if (problem !== undefined) {
    throw new JpkiCaError('STATE_CORRUPT', `${path}: ${problem.path || '/'} ${problem.message}`);
  }
  return value as Static<T>;
}

export const stateJson = (value: CaState | IndexState): string => `${JSON.stringify(value, null, 2)}\n`;

/** Replaces a file atomically (write a sibling, then rename), so a reader or a crash never sees half a file. */
export async function replaceFile(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/** Writes a file that must not exist yet (a key, a certificate): never silently overwrites. */
export async function writeNewFile(path: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, { flag: 'wx', mode });
}
