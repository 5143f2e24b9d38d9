import { Type, type Static } from '@sinclair/typebox';
import { ServiceIdSchema } from '../http/common';
import { FactNameSchema, FactsSourceSchema, LinkStatusSchema } from '../http/services';
import { closed, OperationIdSchema } from './common';

/**
 * The holder's own links ("my card" screen). The bridge logs in to the auth-server's `holder` audience with the auth
 * PIN (pin.needed auth) and keeps that token, for the same card insertion only, so that listing and then removing a
 * link costs one PIN entry.
 */

/** TV → bridge: list every service this card is linked to. */
export const LinksListSchema = Type.Object(
  { type: Type.Literal('links.list'), operationId: OperationIdSchema },
  { $id: 'LinksList', ...closed },
);
export type LinksList = Static<typeof LinksListSchema>;

/** TV → bridge: remove the link to one service (it loses access at once); answered with the remaining links. */
export const LinksRemoveSchema = Type.Object(
  { type: Type.Literal('links.remove'), operationId: OperationIdSchema, serviceId: ServiceIdSchema },
  { $id: 'LinksRemove', ...closed },
);
export type LinksRemove = Static<typeof LinksRemoveSchema>;

/** One link as the holder sees it. Never the facts themselves: only which were shared, and from where. */
export const HolderLinkSchema = Type.Object(
  {
    serviceId: ServiceIdSchema,
    /** The service's display name. */
    name: Type.String(),
    status: LinkStatusSchema,
    /** RFC 3339. */
    linkedAt: Type.String(),
    lastUsedAt: Type.String(),
    factsShared: Type.Array(FactNameSchema),
    factsSource: Type.Union([FactsSourceSchema, Type.Null()]),
  },
  { $id: 'HolderLink', ...closed },
);
export type HolderLink = Static<typeof HolderLinkSchema>;

/** Bridge → TV: the links (after a removal: those that remain). */
export const LinksResultSchema = Type.Object(
  {
    type: Type.Literal('links.result'),
    operationId: OperationIdSchema,
    links: Type.Array(HolderLinkSchema),
  },
  { $id: 'LinksResult', ...closed },
);
export type LinksResult = Static<typeof LinksResultSchema>;
