// Starts the library server (createServer) inside the test process on 127.0.0.1 and a free port, with one
// MemoryDriver share wrapped in a counting driver, and local accounts from StaticIdentityProvider.

import { StaticIdentityProvider, type StaticUser } from '../../src/auth/static-identities.ts';
import { MemoryDriver } from '../../src/ios/memory/driver.ts';
import type { ShareDriver } from '../../src/ios/types.ts';
import type { Logger } from '../../src/logging.ts';
import type { ServerOptions } from '../../src/server/options.ts';
import { createServer, type SmbServer } from '../../src/server/server.ts';
import { countingDriver, type DriverUsage } from './counting-driver.ts';

export interface InProcessServerOptions {
  shareName?: string;
  users?: StaticUser[];
  /** Unknown user names log on as Guest (StaticIdentityProvider `guest`). */
  guest?: boolean;
  logger?: Logger;
  /** Wraps the MemoryDriver before the server gets it (to slow it down, make it fail, ...). */
  wrapDriver?: (driver: ShareDriver) => ShareDriver;
  /** Anything else createServer accepts (signing, encryption, dialects, ...). */
  server?: Partial<Omit<ServerOptions, 'shares' | 'identities' | 'listen' | 'logger'>>;
}

export interface InProcessServer {
  port: number;
  server: SmbServer;
  /** The share's backing store, to prepare or inspect content directly. */
  memory: MemoryDriver;
  /** Driver handles and directory scans the server currently holds. */
  driverUsage: () => DriverUsage;
  stop(): Promise<void>;
}

export async function startInProcessServer(options: InProcessServerOptions = {}): Promise<InProcessServer> {
  const memory = new MemoryDriver();
  const { driver, usage } = countingDriver(options.wrapDriver ? options.wrapDriver(memory) : memory);
  const server = createServer({
    ...options.server,
    shares: [{ name: options.shareName ?? 'share', driver }],
    identities: new StaticIdentityProvider({
      users: options.users ?? [{ name: 'user', password: 'pass' }],
      guest: options.guest ?? false,
      anonymous: false,
      domain: 'WORKGROUP',
    }),
    listen: [{ host: '127.0.0.1', port: 0 }],
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await server.listen();
  const port = server.addresses()[0]!.port;
  return { port, server, memory, driverUsage: usage, stop: () => server.close() };
}
