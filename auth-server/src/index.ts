export { buildServer, loggerOptions, type BuildOptions } from './server';
export { createDeps, type DepsOptions } from './deps';
export { loadConfig, parseConfig } from './config/load-config';
export type { Config, ServiceConfig, StoreConfig } from './config/config-schema';
export { systemClock, FixedClock, type Clock } from './domain/clock';
export type { ServerDeps } from './plugins/services';
export type { Store } from './store/store';
export { openStore } from './store/open-store';
export { main } from './interface/cli';
