import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
 * Turns card recipes into card profiles (JSON) issued by the test CA, and publishes the CRLs that say which of them
 * are revoked. Layout under the simulator's state directory:
 *
 *   ca/                     the trusted test CA (mocks/jpki-ca layout)
 *   wrong-ca/               a CA no verifier trusts, for the wrong-ca profile
 *   profiles/NAME.json      one card each (mode 0600: it holds the card's private keys)
 *   profiles/manifest.json  name, description and certificate serials of every card (for tests and operators)
 *   counters/NAME.json      PIN counters, when a card is asked to keep them across runs
 */
export interface SimLayout {
  readonly state: string;
  readonly ca: string;
  readonly wrongCa: string;
  readonly profiles: string;
  readonly counters: string;
  readonly manifest: string;
  profile(name: string): string;
  counterFile(name: string): string;
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
    manifest: path.join(profiles, 'manifest.json'),
    profile: (name) => path.join(profiles, `${name}.json`),
    counterFile: (name) => path.join(counters, `${name}.json`),
  };
}

export interface ManifestEntry {
  name: string;
  description: string;
  issuer: 'ca' | 'wrong-ca';
  serials: { auth: string; sign?: string };
}

/** A card's two certificates as the CA issued them (the sign one is absent for holders under 15). */
export interface IssuedCard {
  auth: IssuedCertificate;
  sign?: IssuedCertificate;
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
  /** Called as each card is made (a long operation: the CLI shows it). */
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
  const issued = new Map<string, IssuedCard>();
  const manifest: ManifestEntry[] = [];
  for (const [i, recipe] of STANDARD_PROFILES.entries()) {
    const renewalOf = recipe.renewalOf === undefined ? undefined : issued.get(recipe.renewalOf);
    if (recipe.renewalOf !== undefined && !renewalOf) {
      throw new Error(`recipe ${recipe.name} renews ${recipe.renewalOf}, which must come first`);
    }
    const card = await issueRecipe(recipe.wrongCa ? wrongCa : ca, recipe, now, renewalOf);
    issued.set(recipe.name, card);
    manifest.push(await writeProfile(layout, recipe, recipe.wrongCa ? wrongCa : ca, card));
    options.onProgress?.(i + 1, STANDARD_PROFILES.length, recipe.name);
  }
  await publishAllCrls([ca, wrongCa], now);
  await writeManifest(layout, manifest);
  return manifest;
}

/** Issues (or renews) a recipe's certificates and applies its revocations. */
export async function issueRecipe(
  ca: TestCa,
  recipe: ProfileRecipe,
  now: Date,
  renewalOf?: { auth: { serial: string }; sign?: { serial: string } },
): Promise<IssuedCard> {
  let card: IssuedCard;
  if (renewalOf) {
    card = { auth: await ca.renew('auth', renewalOf.auth.serial, { now }) };
    if (renewalOf.sign) card.sign = await ca.renew('sign', renewalOf.sign.serial, { now });
  } else {
    const facts = { ...DEMO_FACTS, ...recipe.facts };
    const validity = recipe.validity === 'expired' ? expiredValidity(now) : {};
    const [auth, sign] = await Promise.all([
      ca.issue('auth', { facts, now, ...validity }),
      recipe.noSignCertificate ? undefined : ca.issue('sign', { facts, now, ...validity }),
    ]);
    card = sign ? { auth, sign } : { auth };
  }
  if (recipe.revoke?.auth) await ca.revoke('auth', card.auth.serial, recipe.revoke.auth, { now });
  if (recipe.revoke?.sign && card.sign)
    await ca.revoke('sign', card.sign.serial, recipe.revoke.sign, { now });
  return card;
}

/** Writes NAME.json for an issued card and returns its manifest entry. */
export async function writeProfile(
  layout: SimLayout,
  recipe: ProfileRecipe,
  ca: TestCa,
  card: IssuedCard,
): Promise<ManifestEntry> {
  await mkdir(layout.profiles, { recursive: true });
  const profile = validateProfile(toProfile(recipe, ca, card), recipe.name);
  await writeFile(layout.profile(recipe.name), JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
  return {
    name: recipe.name,
    description: recipe.description,
    issuer: recipe.wrongCa ? 'wrong-ca' : 'ca',
    serials: { auth: card.auth.serial, ...(card.sign ? { sign: card.sign.serial } : {}) },
  };
}

export async function publishAllCrls(cas: TestCa[], now = new Date()): Promise<void> {
  for (const ca of cas) for (const kind of ['auth', 'sign'] as const) await ca.publishCrl(kind, { now });
}

export async function readManifest(state: string): Promise<ManifestEntry[] | undefined> {
  try {
    return JSON.parse(await readFile(simLayout(state).manifest, 'utf8')) as ManifestEntry[];
  } catch {
    return undefined;
  }
}

/** Replaces the manifest atomically (a reader never sees half a file). */
export async function writeManifest(layout: SimLayout, manifest: ManifestEntry[]): Promise<void> {
  const tmp = `${layout.manifest}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(manifest, null, 2) + '\n');
  await rename(tmp, layout.manifest);
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

function expiredValidity(now: Date): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - 6 * YEAR_MS), notAfter: new Date(now.getTime() - YEAR_MS) };
}

function toProfile(recipe: ProfileRecipe, ca: TestCa, card: IssuedCard): CardProfile {
  const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');
  const caDer = (kind: 'auth' | 'sign') => b64(new X509Certificate(ca.caCertPem(kind)).raw);
  const key = (c: IssuedCertificate) => {
    if (!c.privateKeyPem) throw new Error(`the CA kept no key for ${c.serial}`);
    return c.privateKeyPem;
  };
  const pins = { ...DEMO_PINS, ...recipe.pins };
  const tries = Object.fromEntries(
    Object.entries({ auth: recipe.tries?.auth, sign: recipe.tries?.sign }).filter(([, v]) => v !== undefined),
  );
  return {
    name: recipe.name,
    description: recipe.description,
    extendedLength: recipe.extendedLength ?? true,
    ...(recipe.latency ? { latency: recipe.latency } : {}),
    ...(recipe.fault ? { fault: recipe.fault } : {}),
    jpki: {
      authCert: b64(card.auth.certDer),
      authKey: key(card.auth),
      authCaCert: caDer('auth'),
      authPin: pins.auth,
      signCaCert: caDer('sign'),
      ...(card.sign ? { signCert: b64(card.sign.certDer), signKey: key(card.sign), signPin: pins.sign } : {}),
      ...(Object.keys(tries).length > 0 ? { tries } : {}),
    },
    cardInfo: {
      pin: pins.cardInfo,
      ...(recipe.tries?.cardInfo !== undefined ? { tries: recipe.tries.cardInfo } : {}),
      basicFour: { ...DEMO_FACTS, ...recipe.facts },
      myNumber: DEMO_MY_NUMBER,
    },
  };
}
