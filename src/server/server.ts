// createServer(): the library entry point. Wires transports to the dispatcher over one ServerState.

import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Dialect } from '../protocol/constants.ts';
import { canonicalSid } from '../protocol/dtyp/sid.ts';
import { silentLogger } from '../logging.ts';
import { TcpListener } from '../transport/tcp.ts';
import type { TransportListener } from '../transport/types.ts';
import { BufferPool } from './buffer-pool.ts';
import { Dispatcher } from './dispatch.ts';
import type { ResolvedServerOptions, ServerOptions } from './options.ts';
import { ServerState } from './state/server-state.ts';
import type { Share } from './state/share.ts';
import { closeEverything } from './teardown.ts';
import { withChangeNotify } from './notify/share-notify.ts';

export interface SmbServer {
  /** Binds every configured listen address; rejects with the first bind error (e.g. EADDRINUSE). */
  listen(): Promise<void>;
  /** The bound addresses, after listen(). */
  addresses(): { host: string; port: number }[];
  /** Stops accepting, drops connections, closes every open and releases the drivers. */
  close(): Promise<void>;
  /** What the server holds right now, for monitoring: sessions include those still authenticating. */
  stats(): ServerStats;
}

export interface ServerStats {
  connections: number;
  sessions: number;
  opens: number;
}

/** Frames may carry an 8 MiB READ/WRITE plus headers, compounds and a transform header. */
const FRAME_OVERHEAD = 64 * 1024;

function resolveOptions(options: ServerOptions): ResolvedServerOptions {
  const serverName = (options.serverName ?? os.hostname().split('.')[0] ?? 'SMB3D').toUpperCase().slice(0, 15);
  return {
    shares: options.shares,
    identities: options.identities,
    serverName,
    domain: (options.domain ?? 'WORKGROUP').toUpperCase(),
    listen: options.listen ?? [{ host: '0.0.0.0', port: 445 }],
    signing: options.signing ?? 'enabled',
    encryption: options.encryption ?? 'enabled',
    minDialect: options.minDialect ?? Dialect.SMB2_0_2,
    maxDialect: options.maxDialect ?? Dialect.SMB3_1_1,
    maxIoSize: options.maxIoSize ?? 8 * 1024 * 1024,
    maxCredits: options.maxCredits ?? 8192,
    sessionExpirySeconds: options.sessionExpirySeconds ?? 0,
    durableHandles: options.durableHandles ?? true,
    logger: options.logger ?? silentLogger,
    serverGuid: options.serverGuid ?? randomBytes(16),
  };
}

function buildShares(options: ResolvedServerOptions): Share[] {
  const shares: Share[] = options.shares.map((s) => ({
    name: s.name,
    kind: 'disk',
    ...withChangeNotify(s.driver, options.logger),
    remark: s.remark ?? '',
    path: s.path ?? '',
    encryption: s.encryption ?? options.encryption,
    readOnly: s.readOnly ?? s.driver.capabilities.readOnly,
    owner: s.owner === undefined ? undefined : canonicalSid(s.owner),
  }));
  // MS-SRVS 2.2.2.4: IPC$ is always there for DCE/RPC over named pipes.
  shares.push({ name: 'IPC$', kind: 'pipe', driver: undefined, remark: 'IPC Service', path: '', encryption: options.encryption, readOnly: true });
  return shares;
}

export function createServer(options: ServerOptions): SmbServer {
  const resolved = resolveOptions(options);
  const names = new Set<string>();
  for (const s of resolved.shares) {
    const key = s.name.toLowerCase();
    if (names.has(key) || key === 'ipc$') throw new Error(`duplicate share name "${s.name}"`);
    names.add(key);
  }
  const state = new ServerState(resolved, buildShares(resolved));
  const dispatcher = new Dispatcher(state);
  const maxFrameSize = resolved.maxIoSize + FRAME_OVERHEAD;
  // WRITE frames arrive in pieces and are reassembled; the dispatcher hands their buffers back once handled.
  const frameBuffers = new BufferPool({ minSize: 64 * 1024, maxSize: maxFrameSize, maxIdleBytes: 64 * 1024 * 1024 });
  const listeners: TransportListener[] = resolved.listen.map((l) => {
    const listener = new TcpListener({ host: l.host, port: l.port, maxFrameSize, frameBuffers });
    listener.onConnection((c) => dispatcher.attach(c));
    return listener;
  });
  let listening = false;

  return {
    async listen() {
      try {
        for (const l of listeners) await l.listen();
        listening = true;
      } catch (error) {
        await Promise.all(listeners.map((l) => l.close().catch(() => undefined)));
        throw error;
      }
    },
    addresses() {
      return listeners.map((l) => l.address());
    },
    stats() {
      return { connections: state.connections.size, sessions: state.sessions.size, opens: state.opens.size };
    },
    async close() {
      if (listening) await Promise.all(listeners.map((l) => l.close()));
      listening = false;
      await closeEverything(state);
      for (const s of resolved.shares) await s.driver.dispose?.();
    },
  };
}
