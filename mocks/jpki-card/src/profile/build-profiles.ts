import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCa, openCa, type IssuedCertificate, type TestCa } from '@madoguchi/jpki-ca';
import type { CardProfile } from './card-profile';
import { validateProfile } from './validate-profile';
import {
  DEMO_FACTS,
  DEMO_MY_NUMBER,
  DEMO_PINS,
  STANDARD_PROFILES,
  type ProfileRecipe,
} from './standard-profiles';

/**
 * Turns the standard recipes into card profiles (JSON) issued by the test CA, and publishes the CRLs that say which
 * of them are revoked. Layout under the simulator's state directory:
 *
 *   ca/                 the trusted test CA (mocks/jpki-ca layout)
 *   wrong-ca/           a CA no verifier trusts, for the wrong-ca profile
 *   profiles/NAME.json  one card each
 *   profiles/manifest.json  name, description and certificate serials of every card (for tests and operators)
 */
export interface SimLayout {
  readonly state: string;
  readonly ca: string;
  readonly wrongCa: string;
  readonly profiles: string;
  readonly counters: string;
  profile(name: string): string;
  counterFile(name: string): string;
  readonly manifest: string;
}

export function simLayout(state: string): SimLayout {
  const root = path.resolve(state);
  const profiles = path.join(root, 'profiles');
  const counters = path.join(root, 'counters');
  return {
    state: root,
    ca: path.join(root, 'ca'),
    wrongCa: path.join(root, 'wrong-ca'),
    profiles,
    counters,
    profile: (name) => path.join(profiles, `${name}.json`),
    counterFile: (name) => path.join(counters, `${name}.json`),
    manifest: path.join(profiles, 'manifest.json'),
  };
}

export interface ManifestEntry {
  name: string;
  description: string;
  issuer: 'ca' | 'wrong-ca';
  serials: { auth: string; sign?: string };
}

/** Opens the CA in `dir`, creating it first if there is none. */
export async function ensureCa(dir: string, now?: Date): Promise<TestCa> {
  try {
    return await openCa(dir);
  } catch {
    return createCa(dir, now ? { now } : {});
  }
}

export interface BuildOptions {
  now?: Date;
  /** Called as each card is made (long operation: the CLI shows it). */
  onProgress?: (done: number, total: number, name: string) => void;
}

/** Issues every standard card afresh and publishes both CAs' CRLs. */
export async function buildStandardProfiles(
  state: string,
  options: BuildOptions = {},
): Promise<ManifestEntry[]> {
  const layout = simLayout(state);
  const now = options.now ?? new Date();
  const [ca, wrongCa] = await Promise.all([ensureCa(layout.ca, now), ensureCa(layout.wrongCa, now)]);
  await mkdir(layout.profiles, { recursive: true });

  const issuedByName = new Map<string, { auth: IssuedCertificate; sign?: IssuedCertificate }>();
  const manifest: ManifestEntry[] = [];
  for (const [i, recipe] of STANDARD_PROFILES.entries()) {
    const issuer = recipe.wrongCa ? wrongCa : ca;
    const issued = await issueFor(recipe, issuer, issuedByName, now);
    issuedByName.set(recipe.name, issued);
    if (recipe.revoke?.auth) await issuer.revoke('auth', issued.auth.serial, recipe.revoke.auth, { now });
    if (recipe.revoke?.sign && issued.sign)
      await issuer.revoke('sign', issued.sign.serial, recipe.revoke.sign, { now });

    const profile = validateProfile(toProfile(recipe, issuer, issued), recipe.name);
    await writeFile(layout.profile(recipe.name), JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
    manifest.push({
      name: recipe.name,
      description: recipe.description,
      issuer: recipe.wrongCa ? 'wrong-ca' : 'ca',
      serials: { auth: issued.auth.serial, ...(issued.sign ? { sign: issued.sign.serial } : {}) },
    });
    options.onProgress?.(i + 1, STANDARD_PROFILES.length, recipe.name);
  }
  for (const c of [ca, wrongCa])
    for (const kind of ['auth', 'sign'] as const) await c.publishCrl(kind, { now });
  await writeFile(layout.manifest, JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export async function readManifest(state: string): Promise<ManifestEntry[] | undefined> {
  try {
    return JSON.parse(await readFile(simLayout(state).manifest, 'utf8')) as ManifestEntry[];
  } catch {
    return undefined;
  }
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

async function issueFor(
  recipe: ProfileRecipe,
  ca: TestCa,
  issued: Map<string, { auth: IssuedCertificate; sign?: IssuedCertificate }>,
  now: Date,
): Promise<{ auth: IssuedCertificate; sign?: IssuedCertificate }> {
  const facts = { ...DEMO_FACTS, ...recipe.facts };
  if (recipe.renewalOf) {
    const old = issued.get(recipe.renewalOf);
    if (!old) throw new Error(`recipe ${recipe.name} renews ${recipe.renewalOf}, which must come first`);
    return {
      auth: await ca.renew('auth', old.auth.serial, { now }),
      ...(old.sign ? { sign: await ca.renew('sign', old.sign.serial, { now }) } : {}),
    };
  }
  const validity =
    recipe.validity === 'expired'
      ? { notBefore: new Date(now.getTime() - 6 * YEAR_MS), notAfter: new Date(now.getTime() - YEAR_MS) }
      : {};
  const [auth, sign] = await Promise.all([
    ca.issue('auth', { facts, now, ...validity }),
    recipe.noSignCertificate ? undefined : ca.issue('sign', { facts, now, ...validity }),
  ]);
  return { auth, ...(sign ? { sign } : {}) };
}

function toProfile(
  recipe: ProfileRecipe,
  ca: TestCa,
  issued: { auth: IssuedCertificate; sign?: IssuedCertificate },
): CardProfile {
  const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
  const caDer = (kind: 'auth' | 'sign') => b64(new X509Certificate(ca.caCertPem(kind)).raw);
  const key = (c: IssuedCertificate) => {
    if (!c.privateKeyPem) throw new Error(`the CA kept no key for ${c.serial}`);
    return c.privateKeyPem;
  };
  const tries = { auth: recipe.tries?.auth, sign: recipe.tries?.sign };
  return {
    name: recipe.name,
    description: recipe.description,
    extendedLength: recipe.extendedLength ?? true,
    ...(recipe.latency ? { latency: recipe.latency } : {}),
    ...(recipe.fault ? { fault: recipe.fault } : {}),
    jpki: {
      authCert: b64(issued.auth.certDer),
      authKey: key(issued.auth),
      authCaCert: caDer('auth'),
      authPin: DEMO_PINS.auth,
      signCaCert: caDer('sign'),
      ...(issued.sign
        ? { signCert: b64(issued.sign.certDer), signKey: key(issued.sign), signPin: DEMO_PINS.sign }
        : {}),
      ...(tries.auth !== undefined || tries.sign !== undefined
        ? { tries: JSON.parse(JSON.stringify(tries)) }
        : {}),
    },
    cardInfo: {
      pin: DEMO_PINS.cardInfo,
      ...(recipe.tries?.cardInfo !== undefined ? { tries: recipe.tries.cardInfo } : {}),
      basicFour: { ...DEMO_FACTS, ...recipe.facts },
      myNumber: DEMO_MY_NUMBER,
    },
  };
}
