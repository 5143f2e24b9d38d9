export * from './registrations';
export * from './interface/start-services';
export type { Store, Collection } from './store/store';
export { memoryStore } from './store/memory-store';
export { sqliteStore } from './store/sqlite-store';
export type { Patient } from './domain/hospital';
export { DEMO_PATIENTS } from './domain/hospital';
export { DEFAULT_SHELTERS } from './domain/disaster';
