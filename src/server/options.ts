// Typed configuration of a server, shared by the library API and smb3d's YAML/CLI front end.

import type { IdentityProvider } from '../auth/identity.ts';
import type { ShareDriver } from '../ios/types.ts';
import type { Logger } from '../logging.ts';

/** 'disabled' never signs unless the client requires it; 'required' refuses unsigned sessions. */
export type SigningPolicy = 'enabled' | 'required';
/**
 * 'disabled': never negotiated. 'enabled': negotiated, and used when the client chooses to encrypt.
 * 'desired': every client that can encrypt is told to. 'required': clients that cannot are refused.
 */
export type EncryptionPolicy = 'disabled' | 'enabled' | 'desired' | 'required';

export interface ShareOptions {
  name: string;
  driver: ShareDriver;
  remark?: string;
  /** Path shown to administrators (srvsvc), e.g. the POSIX folder. */
  path?: string;
  encryption?: EncryptionPolicy;
  readOnly?: boolean;
  /**
   * Owner SID of objects that have no stored security descriptor, such as the share root before anyone
   * set one (default BUILTIN\Administrators).
   */
  owner?: string;
}

export interface ListenOptions {
  host: string;
  port: number;
}

export interface ServerOptions {
  shares: ShareOptions[];
  identities: IdentityProvider;
  /** NetBIOS name of this server (upper case, at most 15 characters). */
  serverName?: string;
  /** NetBIOS domain / workgroup. */
  domain?: string;
  listen?: ListenOptions[];
  signing?: SigningPolicy;
  encryption?: EncryptionPolicy;
  /** Lowest and highest dialect offered (MS-SMB2 2.2.3 values). */
  minDialect?: number;
  maxDialect?: number;
  /** Largest READ/WRITE/transact payload (MS-SMB2 2.2.4 MaxReadSize etc.). */
  maxIoSize?: number;
  /** Credits a connection may hold at once. */
  maxCredits?: number;
  /** Seconds of inactivity after which an authenticated session expires; 0 disables expiry. */
  sessionExpirySeconds?: number;
  logger?: Logger;
  /**
   * Grant durable handles (MS-SMB2 3.3.5.9.6, 3.3.5.9.10): opens with a batch oplock or a handle-caching
   * lease that survive a lost connection for a while. Default true.
   */
  durableHandles?: boolean;
  /** Server GUID (16 bytes); random when absent. */
  serverGuid?: Buffer;
}

export interface ResolvedServerOptions extends Required<Omit<ServerOptions, 'serverGuid' | 'logger'>> {
  serverGuid: Buffer;
  logger: Logger;
}
