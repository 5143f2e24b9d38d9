import type { BasicFour, PinKind } from '@madoguchi/protocol';
import type { CaKind, RevocationReason, TestCa } from '@madoguchi/jpki-ca';
import {
  ensureCa,
  issueRecipe,
  publishAllCrls,
  readManifest,
  writeManifest,
  writeProfile,
  type ManifestEntry,
  type SimLayout,
} from '../profile/build-profiles';
import { loadProfile } from '../profile/load-profile';

/** The CLI's card lifecycle: issue, renew and revoke single cards, keeping the manifest in step. */

async function manifestEntry(layout: SimLayout, name: string): Promise<{ entry: ManifestEntry; ca: TestCa }> {
  const entry = (await readManifest(layout.state))?.find((m) => m.name === name);
  if (!entry) throw new Error(`no card named ${name}: see jpki-sim profiles list`);
  return { entry, ca: await ensureCa(entry.issuer === 'wrong-ca' ? layout.wrongCa : layout.ca) };
}

async function upsertManifest(layout: SimLayout, entry: ManifestEntry): Promise<void> {
  const manifest = ((await readManifest(layout.state)) ?? []).filter((m) => m.name !== entry.name);
  await writeManifest(layout, [...manifest, entry]);
}

export async function issueCard(
  layout: SimLayout,
  name: string,
  options: { facts: Partial<BasicFour>; pins: Partial<Record<PinKind, string>>; noSign: boolean },
): Promise<string> {
  const ca = await ensureCa(layout.ca);
  const recipe = {
    name,
    description: 'Issued with jpki-sim card issue',
    facts: options.facts,
    pins: options.pins,
    noSignCertificate: options.noSign,
  };
  const card = await issueRecipe(ca, recipe, new Date());
  await upsertManifest(layout, await writeProfile(layout, recipe, ca, card));
  return layout.profile(name);
}

export async function renewCard(layout: SimLayout, name: string, newName: string): Promise<string> {
  const { entry, ca } = await manifestEntry(layout, name);
  const old = await loadProfile(layout.profile(name));
  const recipe = {
    name: newName,
    description: `Renewal of ${name}`,
    facts: old.cardInfo.basicFour,
    pins: {
      auth: old.jpki.authPin,
      cardInfo: old.cardInfo.pin,
      ...(old.jpki.signPin ? { sign: old.jpki.signPin } : {}),
    },
    extendedLength: old.extendedLength,
    wrongCa: entry.issuer === 'wrong-ca',
  };
  const serials = {
    auth: { serial: entry.serials.auth },
    ...(entry.serials.sign ? { sign: { serial: entry.serials.sign } } : {}),
  };
  const card = await issueRecipe(ca, recipe, new Date(), serials);
  await upsertManifest(layout, await writeProfile(layout, recipe, ca, card));
  await publishAllCrls([ca]);
  return layout.profile(newName);
}

export async function revokeCard(
  layout: SimLayout,
  name: string,
  kinds: CaKind[],
  reason: RevocationReason,
): Promise<void> {
  const { entry, ca } = await manifestEntry(layout, name);
  for (const kind of kinds) {
    const serial = entry.serials[kind];
    if (serial) await ca.revoke(kind, serial, reason);
  }
  await publishAllCrls([ca]);
}
