import type { HolderLink } from '@madoguchi/protocol/messages/links';
import type { Counter } from './counter';
import { JA } from '../messages/ja';
import type { ScreenMode } from '../screen-history';

const LINKS = 'links';
const REMOVE = 'remove';
const BACK = 'back';

/** わたしのカード: tries left and certificate dates (read without a PIN), and the way to the linked services. */
export async function myCardFlow(counter: Counter): Promise<void> {
  const result = await counter.cardOperation({ kind: 'status' });
  if (!result || result.type !== 'card.status.result') return;
  counter.show(
    {
      heading: JA.myCard.heading,
      body: [
        JA.myCard.triesAuth(result.triesLeft.auth),
        ...(result.triesLeft.sign === undefined ? [] : [JA.myCard.triesSign(result.triesLeft.sign)]),
        JA.myCard.validity(
          JA.date(result.authCertificate.notBefore),
          JA.date(result.authCertificate.notAfter),
        ),
      ],
      actions: [
        { id: LINKS, label: JA.myCard.links, hint: JA.myCard.linksHint },
        { id: 'home', label: JA.notice.home },
      ],
      onSelect: (id) => (id === LINKS ? void listLinks(counter) : counter.home()),
    },
    'replace',
  );
}

/** The holder's links, through the usual card, PIN and progress screens; the list replaces the progress. */
async function listLinks(counter: Counter): Promise<void> {
  const result = await counter.cardOperation({ kind: 'links' });
  if (result?.type === 'links.result') showLinks(counter, result.links, 'replace');
}

/** When each was linked and last used, as the viewer's days; and whether the service asks for a re-link. */
function linkHint(link: HolderLink): string {
  const dates = JA.links.dates(JA.date(link.linkedAt), JA.date(link.lastUsedAt));
  return link.status === 'relink-required' ? `${dates}　${JA.links.relink}` : dates;
}

/**
 * One linked service per row; choosing one asks to remove it. After a removal the list comes back in place of the
 * old one (with the confirmation above it gone), saying what was removed, so Back still leads to わたしのカード.
 */
function showLinks(counter: Counter, links: HolderLink[], mode: ScreenMode, removed?: string): void {
  const done = removed === undefined ? [] : [JA.links.removed(removed)];
  const back = { id: BACK, label: JA.back };
  counter.show(
    links.length === 0
      ? {
          heading: JA.links.noneHeading,
          body: [...done, JA.links.none, JA.links.noneNext],
          actions: [back],
          onSelect: () => counter.back(),
        }
      : {
          heading: JA.links.heading,
          body: [...done, JA.links.count(links.length)],
          actions: [...links.map((l, i) => ({ id: String(i), label: l.name, hint: linkHint(l) })), back],
          onSelect: (id) => {
            const link = links[Number(id)];
            // Chosen while the list is on top: its depth is the counter's now.
            if (link) confirmRemove(counter, link, counter.depth);
            else counter.back();
          },
        },
    mode,
  );
}

/** Exactly what removing means, before anything is removed; the safe choice comes first and has the focus. */
function confirmRemove(counter: Counter, link: HolderLink, listDepth: number): void {
  counter.show({
    heading: JA.links.removeHeading(link.name),
    body: JA.links.removeMeans(link.name),
    actions: [
      { id: BACK, label: JA.links.keep },
      { id: REMOVE, label: JA.links.remove },
    ],
    onSelect: (id) => (id === REMOVE ? void remove(counter, link, listDepth) : counter.back()),
  });
}

async function remove(counter: Counter, link: HolderLink, listDepth: number): Promise<void> {
  const result = await counter.cardOperation({ kind: 'links-remove', serviceId: link.serviceId });
  if (result?.type === 'links.result') showLinks(counter, result.links, listDepth, link.name);
}
