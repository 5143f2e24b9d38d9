import { X509Certificate, type KeyObject } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BasicFourSchema, type BasicFour } from '@madoguchi/protocol';
import { Value } from '@sinclair/typebox/value';
import { readBasicFour } from './basic-four-san';
import { CA_KINDS, type CaKind } from './ca-kind';
import { buildCrl, REVOCATION_REASONS, type RevocationReason } from './crl';
import { JpkiCaError } from './errors';
import { generateRsaKeyPair, keyIdentifierOf, parseHolderPublicKey } from './keys';
import { caSubject, formatName, holderSubject } from './names';
import { toPem } from './pem';
import { caCertificate, holderCertificate, type Signer } from './profile';
import { normalizeSerial, randomSerial } from './serial';
import { appendSerialListRow, createSerialList } from './serial-list';
import {
  CaStateSchema,
  IndexSchema,
  readState,
  replaceFile,
  stateJson,
  stateLayout,
  writeNewFile,
  type CaGeneration,
  type CaState,
  type CertificateRecord,
  type IndexState,
  type StateLayout,
} from './state';
import { addYears, holderNotAfter, ROOT_VALIDITY_YEARS, wholeSeconds } from './validity';

/** Every operation takes the clock as an input; tests freeze it. Defaults to the real time. */
export interface TimeOptions {
  now?: Date;
}

export interface IssueOptions extends TimeOptions {
  /** Required for a signature certificate (embedded in its SAN); for either kind it sets the default notAfter. */
  facts?: BasicFour;
  /** The holder's RSA-2048 public key (SPKI PEM), e.g. from a card mock; otherwise a key pair is generated. */
  publicKeyPem?: string;
  /** Defaults to `now`. */
  notBefore?: Date;
  /** Defaults to the 5th birthday after notBefore when facts are given, else notBefore + 5 years. */
  notAfter?: Date;
}

export interface IssuedCertificate {
  kind: CaKind;
  serial: string;
  certPem: string;
  certDer: Uint8Array;
  /** PKCS#8 PEM, only when the CA generated the key pair. The CA keeps no copy. */
  privateKeyPem?: string;
  record: CertificateRecord;
}

export interface PublishCrlOptions extends TimeOptions {
  /** Defaults to thisUpdate (= now) + DEFAULT_CRL_LIFETIME_HOURS. */
  nextUpdate?: Date;
}

/** How long a CRL is current by default. J-LIS's publication interval is not public (jpki.md "Unconfirmed"). */
export const DEFAULT_CRL_LIFETIME_HOURS = 24;

export interface PublishedCrl {
  kind: CaKind;
  generation: number;
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  derPath: string;
  pemPath: string;
}

/** The files of one CA generation (one root key). Paths are absolute. */
export interface GenerationFiles {
  generation: number;
  caCertPath: string;
  crlDerPath: string;
  crlPemPath: string;
  /** From generation 2 on: this generation's key certified by the previous one, and the reverse. */
  newWithOldPath?: string;
  oldWithNewPath?: string;
}

export interface RolloverResult {
  generation: number;
  newRootPem: string;
  newWithOldPem: string;
  oldWithNewPem: string;
}

export interface TestCa {
  readonly dir: string;
  readonly serialListPath: string;
  /** The root of a generation (default: the current one, which issues). */
  caCertPem(kind: CaKind, generation?: number): string;
  caCertPath(kind: CaKind, generation?: number): string;
  crlPath(kind: CaKind, format: 'der' | 'pem', generation?: number): string;
  /** Every generation of a CA, oldest first: what a verifier must trust and which CRLs it must load. */
  generations(kind: CaKind): GenerationFiles[];
  issue(kind: CaKind, options?: IssueOptions): Promise<IssuedCertificate>;
  /** Revokes (or, with certificateHold, suspends) a certificate as of `now`. Takes effect in the next CRL. */
  revoke(
    kind: CaKind,
    serial: string,
    reason: RevocationReason,
    options?: TimeOptions,
  ): Promise<CertificateRecord>;
  /** Lifts a certificateHold (removeFromCRL): the certificate drops off the next CRL. */
  release(kind: CaKind, serial: string): Promise<CertificateRecord>;
  /** Publishes one CRL per generation, each signed by the key that issued the certificates it lists. */
  publishCrl(kind: CaKind, options?: PublishCrlOptions): Promise<PublishedCrl[]>;
  /**
   * New key, new serial, same holder (a signature certificate keeps the old one's facts unless given new ones); the
   * old certificate is revoked as superseded and the pair is appended to the serial list.
   */
  renew(kind: CaKind, oldSerial: string, options?: IssueOptions): Promise<IssuedCertificate>;
  /** A new root key and self-signed root plus the two link certificates; new issuance uses the new key. */
  rollover(kind: CaKind, options?: TimeOptions): Promise<RolloverResult>;
  /** Every issued end-entity certificate, in issue order (copies). */
  list(): CertificateRecord[];
}

/** Creates both CAs in `dir` (created if missing). Refuses a directory that already holds a CA or anything else. */
export async function createCa(dir: string, options: TimeOptions = {}): Promise<TestCa> {
  const layout = stateLayout(dir);
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException): string[] => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (existing.includes('ca.json')) throw new JpkiCaError('CA_EXISTS', `${dir} already holds a CA`);
  if (existing.length > 0) {
    throw new JpkiCaError('CA_EXISTS', `${dir} is not empty; give createCa a new directory`);
  }

  const now = instant(options.now, 'now');
  const generationOf = async (kind: CaKind): Promise<CaGeneration> => {
    const root = await newRoot(kind, now);
    await writeNewFile(layout.caKey(kind, 1), root.keyPem, 0o600);
    await writeNewFile(layout.caCert(kind, 1), root.pem);
    return { generation: 1, ...root.validity, crlNumber: 0 };
  };
  const [auth, sign] = await Promise.all([generationOf('auth'), generationOf('sign')]);
  const caState: CaState = { format: 1, auth: { generations: [auth] }, sign: { generations: [sign] } };
  const index: IndexState = { format: 1, certificates: [] };
  await writeNewFile(layout.indexJson, stateJson(index));
  await createSerialList(layout.serialList);
  // ca.json last: a directory without it holds no (complete) CA.
  await writeNewFile(layout.caJson, stateJson(caState));
  return openCa(dir);
}

/** Opens the CA in `dir`, checking its state files. */
export async function openCa(dir: string): Promise<TestCa> {
  const layout = stateLayout(dir);
  const hasCa = await readdir(dir).then(
    (names) => names.includes('ca.json'),
    () => false,
  );
  if (!hasCa) throw new JpkiCaError('CA_NOT_FOUND', `no CA in ${dir} (ca.json missing); create one first`);
  const caState = await readState(layout.caJson, CaStateSchema);
  const index = await readState(layout.indexJson, IndexSchema);
  const roots = new Map<string, string>();
  for (const kind of CA_KINDS) {
    for (const { generation } of caState[kind].generations) {
      roots.set(rootKey(kind, generation), await readStateFile(layout.caCert(kind, generation)));
    }
  }
  checkIndex(index, caState, layout.indexJson);
  return new FileCa(dir, layout, caState, index, roots);
}

const rootKey = (kind: CaKind, generation: number) => `${kind}/${generation}`;

class FileCa implements TestCa {
  readonly serialListPath: string;
  /** State files are written in the order the in-memory changes were made, even when operations overlap. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly layout: StateLayout,
    private readonly caState: CaState,
    private readonly index: IndexState,
    /** Root PEMs by kind/generation. */
    private readonly roots: Map<string, string>,
  ) {
    this.serialListPath = layout.serialList;
  }

  caCertPem(kind: CaKind, generation?: number): string {
    return this.roots.get(rootKey(kind, this.generation(kind, generation).generation))!;
  }

  caCertPath(kind: CaKind, generation?: number): string {
    return this.layout.caCert(kind, this.generation(kind, generation).generation);
  }

  crlPath(kind: CaKind, format: 'der' | 'pem', generation?: number): string {
    return this.layout.crl(kind, this.generation(kind, generation).generation, format);
  }

  generations(kind: CaKind): GenerationFiles[] {
    return this.caState[assertKind(kind)].generations.map(({ generation }) => ({
      generation,
      caCertPath: this.layout.caCert(kind, generation),
      crlDerPath: this.layout.crl(kind, generation, 'der'),
      crlPemPath: this.layout.crl(kind, generation, 'pem'),
      ...(generation > 1
        ? {
            newWithOldPath: this.layout.newWithOld(kind, generation),
            oldWithNewPath: this.layout.oldWithNew(kind, generation),
          }
        : {}),
    }));
  }

  async issue(kind: CaKind, options: IssueOptions = {}): Promise<IssuedCertificate> {
    const facts = options.facts === undefined ? undefined : assertFacts(options.facts);
    let holder: { kind: 'auth' } | { kind: 'sign'; facts: BasicFour };
    if (assertKind(kind) === 'auth') {
      holder = { kind: 'auth' };
    } else if (facts !== undefined) {
      holder = { kind: 'sign', facts };
    } else {
      throw new JpkiCaError(
        'BAD_REQUEST',
        'a signature certificate needs the basic four facts (options.facts)',
      );
    }
    const notBefore = instant(options.notBefore ?? options.now, 'notBefore');
    const notAfter = instant(options.notAfter ?? holderNotAfter(notBefore, facts?.dateOfBirth), 'notAfter');
    if (notAfter <= notBefore) throw new JpkiCaError('BAD_REQUEST', 'notAfter must be later than notBefore');
    const { publicKey, privateKeyPem } =
      options.publicKeyPem === undefined
        ? await generateRsaKeyPair()
        : { publicKey: parseHolderPublicKey(options.publicKeyPem), privateKeyPem: undefined };

    const { generation } = this.generation(kind);
    const serial = randomSerial();
    const subject = holderSubject();
    const validity = { serial, notBefore, notAfter };
    const signer = await this.signer(kind, generation);
    const certDer = holderCertificate({ ...holder, generation, subject, publicKey, signer, ...validity });
    const certPem = toPem(certDer, 'CERTIFICATE');
    const record: CertificateRecord = {
      serial,
      kind,
      generation,
      subject: formatName(subject),
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      status: 'valid',
      certPath: this.layout.certPath(serial),
    };
    await writeNewFile(join(this.dir, record.certPath), certPem);
    this.index.certificates.push(record);
    await this.saveIndex();
    return {
      kind,
      serial,
      certPem,
      certDer,
      ...(privateKeyPem ? { privateKeyPem } : {}),
      record: structuredClone(record),
    };
  }

  async revoke(
    kind: CaKind,
    serial: string,
    reason: RevocationReason,
    options: TimeOptions = {},
  ): Promise<CertificateRecord> {
    if (!REVOCATION_REASONS.includes(reason)) {
      throw new JpkiCaError(
        'BAD_REQUEST',
        `unknown revocation reason ${reason}; use one of ${REVOCATION_REASONS}`,
      );
    }
    const record = this.find(kind, serial);
    this.markRevoked(record, reason, instant(options.now, 'now'));
    await this.saveIndex();
    return structuredClone(record);
  }

  async release(kind: CaKind, serial: string): Promise<CertificateRecord> {
    const record = this.find(kind, serial);
    if (record.status !== 'held') {
      throw new JpkiCaError(
        'WRONG_STATUS',
        `${kind} certificate ${record.serial} is ${record.status}, not on hold`,
      );
    }
    record.status = 'valid';
    delete record.revocation;
    await this.saveIndex();
    return structuredClone(record);
  }

  async publishCrl(kind: CaKind, options: PublishCrlOptions = {}): Promise<PublishedCrl[]> {
    assertKind(kind);
    const thisUpdate = instant(options.now, 'now');
    const nextUpdate = instant(
      options.nextUpdate ?? new Date(thisUpdate.getTime() + DEFAULT_CRL_LIFETIME_HOURS * 3_600_000),
      'nextUpdate',
    );
    if (nextUpdate <= thisUpdate) throw new JpkiCaError('BAD_REQUEST', 'nextUpdate must be later than now');
    const published: PublishedCrl[] = [];
    for (const generation of this.caState[kind].generations) {
      const signer = await this.signer(kind, generation.generation);
      generation.crlNumber += 1;
      const der = buildCrl({
        issuer: caSubject(kind),
        issuerKeyId: signer.keyId,
        signingKeyPem: signer.keyPem,
        thisUpdate,
        nextUpdate,
        crlNumber: generation.crlNumber,
        revoked: this.index.certificates
          .filter(
            (c) => c.kind === kind && c.generation === generation.generation && c.revocation !== undefined,
          )
          .map((c) => ({
            serial: c.serial,
            reason: c.revocation!.reason,
            revokedAt: new Date(c.revocation!.time),
          })),
      });
      const derPath = this.layout.crl(kind, generation.generation, 'der');
      const pemPath = this.layout.crl(kind, generation.generation, 'pem');
      published.push({
        kind,
        generation: generation.generation,
        crlNumber: generation.crlNumber,
        thisUpdate,
        nextUpdate,
        derPath,
        pemPath,
      });
      await Promise.all([this.persist(derPath, der), this.persist(pemPath, toPem(der, 'X509 CRL'))]);
    }
    await this.saveCaState();
    return published;
  }

  async renew(kind: CaKind, oldSerial: string, options: IssueOptions = {}): Promise<IssuedCertificate> {
    const old = this.find(kind, oldSerial);
    if (old.status === 'revoked') {
      throw new JpkiCaError(
        'WRONG_STATUS',
        `${kind} certificate ${old.serial} is revoked; issue a new one instead`,
      );
    }
    const facts =
      options.facts ??
      (kind === 'sign' ? readBasicFour(await readStateFile(join(this.dir, old.certPath))) : undefined);
    const renewedAt = instant(options.now, 'now');
    const renewed = await this.issue(kind, { ...options, now: renewedAt, ...(facts ? { facts } : {}) });
    this.markRevoked(old, 'superseded', renewedAt);
    await this.saveIndex();
    await appendSerialListRow(this.serialListPath, {
      kind,
      oldIssuer: formatName(caSubject(kind)),
      oldSerial: old.serial,
      newSerial: renewed.serial,
      renewedAt: renewedAt.toISOString(),
    });
    return renewed;
  }

  async rollover(kind: CaKind, options: TimeOptions = {}): Promise<RolloverResult> {
    const now = instant(options.now, 'now');
    const previous = this.generation(kind);
    const linkEnd = new Date(previous.notAfter);
    if (linkEnd <= now) {
      throw new JpkiCaError(
        'WRONG_STATUS',
        `the ${kind} root of generation ${previous.generation} has expired`,
      );
    }
    const oldSigner = await this.signer(kind, previous.generation);
    const oldKey = this.rootPublicKey(kind, previous.generation);
    const root = await newRoot(kind, now);
    const newSigner: Signer = { keyId: keyIdentifierOf(root.publicKey), keyPem: root.keyPem };
    const linkValidity = () => ({ serial: randomSerial(), notBefore: now, notAfter: linkEnd });
    // The links live only as long as the old root: after that nobody needs to bridge to it.
    const newWithOldPem = toPem(
      caCertificate(kind, root.publicKey, oldSigner, linkValidity()),
      'CERTIFICATE',
    );
    const oldWithNewPem = toPem(caCertificate(kind, oldKey, newSigner, linkValidity()), 'CERTIFICATE');

    const generation = previous.generation + 1;
    await writeNewFile(this.layout.caKey(kind, generation), root.keyPem, 0o600);
    await writeNewFile(this.layout.caCert(kind, generation), root.pem);
    await writeNewFile(this.layout.newWithOld(kind, generation), newWithOldPem);
    await writeNewFile(this.layout.oldWithNew(kind, generation), oldWithNewPem);
    this.roots.set(rootKey(kind, generation), root.pem);
    this.caState[kind].generations.push({ generation, ...root.validity, crlNumber: 0 });
    await this.saveCaState();
    return { generation, newRootPem: root.pem, newWithOldPem, oldWithNewPem };
  }

  list(): CertificateRecord[] {
    return structuredClone(this.index.certificates);
  }

  // ---- internals ----

  /** A generation of `kind`; the current (last) one unless a number is given. */
  private generation(kind: CaKind, generation?: number): CaGeneration {
    const generations = this.caState[assertKind(kind)].generations;
    const found =
      generation === undefined
        ? generations[generations.length - 1]
        : generations.find((g) => g.generation === generation);
    if (found === undefined) {
      throw new JpkiCaError('BAD_REQUEST', `the ${kind} CA has no generation ${generation}`);
    }
    return found;
  }

  private rootPublicKey(kind: CaKind, generation: number): KeyObject {
    return new X509Certificate(this.roots.get(rootKey(kind, generation))!).publicKey;
  }

  private async signer(kind: CaKind, generation: number): Promise<Signer> {
    const path = this.layout.caKey(kind, generation);
    return {
      keyId: keyIdentifierOf(this.rootPublicKey(kind, generation)),
      keyPem: await readStateFile(path),
    };
  }

  private find(kind: CaKind, serial: string): CertificateRecord {
    assertKind(kind);
    const wanted = normalizeSerial(serial);
    const record = this.index.certificates.find((c) => c.serial === wanted);
    if (record?.kind !== kind) {
      throw new JpkiCaError('SERIAL_UNKNOWN', `no ${kind} certificate with serial ${wanted}`);
    }
    return record;
  }

  /** Marks a record revoked or held; a hold can still become a revocation, nothing else changes a revoked one. */
  private markRevoked(record: CertificateRecord, reason: RevocationReason, time: Date): void {
    if (record.status === 'revoked' || (record.status === 'held' && reason === 'certificateHold')) {
      throw new JpkiCaError(
        'WRONG_STATUS',
        `${record.kind} certificate ${record.serial} is already ${record.status}`,
      );
    }
    record.status = reason === 'certificateHold' ? 'held' : 'revoked';
    record.revocation = { reason, time: time.toISOString() };
  }

  private saveIndex(): Promise<void> {
    return this.persist(this.layout.indexJson, stateJson(this.index));
  }

  private saveCaState(): Promise<void> {
    return this.persist(this.layout.caJson, stateJson(this.caState));
  }

  /** Queues an atomic file replacement; the content is captured now, so writes land in the order of the changes. */
  private persist(path: string, content: string | Uint8Array): Promise<void> {
    const done = this.writes.then(() => replaceFile(path, content));
    this.writes = done.catch(() => undefined);
    return done;
  }
}

/** A fresh root key and its self-signed certificate, valid ROOT_VALIDITY_YEARS from `now`. */
async function newRoot(kind: CaKind, now: Date) {
  const { publicKey, privateKeyPem: keyPem } = await generateRsaKeyPair();
  const validity = {
    rootSerial: randomSerial(),
    notBefore: now.toISOString(),
    notAfter: addYears(now, ROOT_VALIDITY_YEARS).toISOString(),
  };
  const self: Signer = { keyId: keyIdentifierOf(publicKey), keyPem };
  const der = caCertificate(kind, publicKey, self, {
    serial: validity.rootSerial,
    notBefore: now,
    notAfter: new Date(validity.notAfter),
  });
  return { publicKey, keyPem, pem: toPem(der, 'CERTIFICATE'), validity };
}

/** A caller's time, whole seconds (certificate times have no fractions); absent means the real clock. */
function instant(value: Date | undefined, label: string): Date {
  const date = value ?? new Date();
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new JpkiCaError('BAD_REQUEST', `${label} is not a valid Date`);
  }
  return wholeSeconds(date);
}

/** A file the state directory must hold (a key, a certificate); its absence is STATE_CORRUPT. */
function readStateFile(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((cause: unknown) => {
    throw new JpkiCaError('STATE_CORRUPT', `missing or unreadable: ${path}`, { cause });
  });
}

function assertKind(kind: CaKind): CaKind {
  if (!CA_KINDS.includes(kind)) {
    throw new JpkiCaError('BAD_REQUEST', `unknown CA kind ${String(kind)}; use auth or sign`);
  }
  return kind;
}

function assertFacts(facts: BasicFour): BasicFour {
  const problem = Value.Errors(BasicFourSchema, facts).First();
  if (problem !== undefined) throw new JpkiCaError('BAD_REQUEST', `facts${problem.path} ${problem.message}`);
  return facts;
}

/** Cross-checks index.json against ca.json: a record's status, revocation and generation must agree. */
function checkIndex(index: IndexState, caState: CaState, path: string): void {
  for (const c of index.certificates) {
    const consistent =
      caState[c.kind].generations.some((g) => g.generation === c.generation) &&
      (c.revocation === undefined
        ? c.status === 'valid'
        : c.status === (c.revocation.reason === 'certificateHold' ? 'held' : 'revoked'));
    if (!consistent) {
      throw new JpkiCaError('STATE_CORRUPT', `${path}: inconsistent record for serial ${c.serial}`);
    }
  }
}
