/** Issue 6's contracts: service registrations, links with consent, the holder's view, services' checks. */
export * from './services';
export * from './links';
export * from './facts-claims';
export * from './holder';
export * from './service-api';
export * from './operator-holders';
