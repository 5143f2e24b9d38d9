import type { AssertionRequest } from '@madoguchi/protocol';

/** Which card key (and so which CA) a certificate belongs to. */
export type KeyKind = AssertionRequest['keyKind'];
