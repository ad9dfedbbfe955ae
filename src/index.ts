// Public API of smb3-server.

export { createServer, type ServerStats, type SmbServer } from './server/server.ts';
export type { ServerOptions, ShareOptions, ListenOptions, SigningPolicy, EncryptionPolicy } from './server/options.ts';
export type { Identity, IdentityProvider, NtlmAccount } from './auth/identity.ts';
export { StaticIdentityProvider } from './auth/static-identities.ts';
export * from './ios/index.ts';
export { NtStatus, NtStatusError } from './protocol/status.ts';
export { createLogger, type Logger, type LogLevel } from './logging.ts';
