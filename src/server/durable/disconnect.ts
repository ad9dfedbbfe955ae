// Durable and resilient opens without a connection: which opens outlive their session (MS-SMB2 3.3.7.1),
// the scavenger timers that close them when nobody reconnects in time (3.3.2.2, 3.3.2.4), and purging a
// durable one at once when another client's open or write needs a break it can no longer acknowledge
// (3.3.4.6, 3.3.4.7). A resilient open stays: its oplock or lease goes when the break times out.

import { OplockLevel } from '../../protocol/constants.ts';
import { H } from '../leases/caching.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';
import type { Session } from '../state/session.ts';
import { closeOpen } from '../teardown.ts';

/**
 * MS-SMB2 3.3.7.1: a resilient open is kept, and a durable one when it holds a batch oplock or a lease with
 * handle caching and no break is under way. As in Samba, a delete-on-close open is not: its file would
 * otherwise outlive the client that asked for it to go.
 */
function isPreserved(open: Open): boolean {
  if (open.deleteOnClose) return false;
  if (open.isResilient) return true;
  if (!open.isDurable) return false;
  const c = open.caching;
  if (c.lease) return (c.lease.state & H) !== 0 && !c.lease.breaking;
  return c.oplockLevel === OplockLevel.BATCH && c.breakingTo === undefined;
}

/**
 * Detaches the session's preserved opens before the session goes (connection loss, LOGOFF, or a new session
 * naming it as PreviousSessionId): the caller then closes everything still attached. Synchronous, so a
 * reconnect on another connection finds the opens already disconnected.
 */
export function preserveDurableOpens(server: ServerState, session: Session): void {
  const preserved = new Set<Open>();
  for (const open of server.opens.values()) {
    if (open.session !== session || open.disconnected || !isPreserved(open)) continue;
    preserved.add(open);
    // MS-SMB2 3.3.2.2 / 3.3.2.4: the Durable or the Resilient Open Scavenger Timer.
    const timeout = open.isResilient ? open.resiliencyTimeout : open.durableOpenTimeout;
    const timer = setTimeout(() => closeDisconnected(server, open, 'no reconnect in time'), timeout);
    // A disconnected handle must not keep a stopping process alive.
    timer.unref();
    open.disconnected = { cancelScavenger: () => clearTimeout(timer) };
  }
  // What waits on a detached open (a blocking LOCK, when the client logged off) is cancelled, as on a lost
  // connection (MS-SMB2 3.3.7.1): it must not take a range for a client that no longer asks for it.
  if (preserved.size === 0) return;
  for (const connection of server.connections) {
    for (const pending of connection.pending.values()) if (pending.opens.some((o) => preserved.has(o))) pending.cancel();
  }
}

/** Gives a reconnected open its connection back: the scavenger stops. */
export function attachDisconnectedOpen(open: Open): void {
  open.disconnected?.cancelScavenger();
  open.disconnected = undefined;
}

/** A break the disconnected open cannot acknowledge: a durable one is closed, a resilient one waits it out. */
export function purgeDisconnectedOpen(server: ServerState, open: Open, reason: string): void {
  if (!open.isResilient) closeDisconnected(server, open, reason);
}

/** A later reconnect finds nothing (STATUS_OBJECT_NAME_NOT_FOUND). */
function closeDisconnected(server: ServerState, open: Open, reason: string): void {
  if (!open.disconnected) return;
  server.options.logger.debug({ path: open.path.join('\\'), reason }, 'closing a disconnected open');
  closeOpen(server, open).catch((error: unknown) => server.options.logger.error({ err: error, path: open.path.join('\\') }, 'closing a disconnected open failed'));
}
