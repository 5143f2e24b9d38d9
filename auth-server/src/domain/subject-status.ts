import type { ErrorCode, SubjectStatus } from '@madoguchi/protocol';
import type { LinkRecord, Store } from '../store/store';
import type { CrlLookup } from '../verify/verify-revocation';
import { noticeNameChange } from './link-status';

export interface SubjectState {
  status: SubjectStatus;
  /** The plain reason the holder cannot use the service now; null when they can. */
  code: ErrorCode | null;
  link: LinkRecord | undefined;
}

/**
 * Where the holder behind one of a service's subjects stands with that service — and nothing about any other
 * service: unlinked (never, or removed by the holder), suspended (lost card), relink-required or linked.
 */
export async function subjectStatus(
  store: Store,
  crls: CrlLookup,
  serviceId: string,
  subject: string,
): Promise<SubjectState> {
  const found = await store.findLinkBySubject(serviceId, subject);
  if (found === undefined || found.status === 'removed') {
    return { status: 'unlinked', code: 'LINK_REQUIRED', link: found };
  }
  const holder = await store.getHolder(found.holderId);
  if (holder?.status === 'suspended') return { status: 'suspended', code: 'HOLDER_SUSPENDED', link: found };
  const link = await noticeNameChange(store, crls, found);
  return { status: link.status === 'relink-required' ? 'relink-required' : 'linked', code: null, link };
}
