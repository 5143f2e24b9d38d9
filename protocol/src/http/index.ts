export * from './common';
export * from './challenges';
export * from './assertions';
export * from './to-be-signed';
export * from './device-auth';
export * from './audit';
export * from './crl-refresh';
export * from './services-and-links';
