// Releasing state in the order MS-SMB2 prescribes: closing an open (3.3.5.10), disconnecting a tree
// (3.3.5.8), logging a session off (3.3.5.6), and losing a connection (3.3.7.1) all funnel through here.

import { NtStatus } from '../protocol/status.ts';
import type { ClientContext } from '../ios/types.ts';
import type { Connection } from './state/connection.ts';
import type { Open } from './state/open.ts';
import type { ServerState } from './state/server-state.ts';
import type { Session } from './state/session.ts';
import type { TreeConnect } from './state/tree-connect.ts';
import { releaseObject } from './state/object-release.ts';
import { settleWriteTime } from './info/write-time.ts';
import { breakParentLeases } from './leases/parent.ts';
import { preserveDurableOpens } from './durable/disconnect.ts';
import { forgetCreateGuid } from './durable/replay.ts';

function contextOf(open: Open): ClientContext {
  return {
    identity: open.session.identity!,
    sessionId: open.session.sessionId,
    shareName: open.treeConnect.share.name,
    clientAddress: open.session.connection?.clientAddress ?? '',
  };
}

/** Closes one open: the driver handle goes, then a pending delete happens (MS-FSA 2.1.5.4). */
export async function closeOpen(server: ServerState, open: Open): Promise<void> {
  if (!server.opens.delete(open.volatileFileId)) return;
  open.disconnected?.cancelScavenger();
  open.disconnected = undefined;
  forgetCreateGuid(server, open);
  for (const notify of open.onClose) notify();
  open.onClose.clear();
  // MS-FSA 2.1.5.4: the open's byte-range locks go with it, and its waiting lock requests fail.
  await open.object?.byteRangeLocks.release(open);
  await open.scan?.iterator.return?.();
  open.scan = undefined;
  const ctx = contextOf(open);
  const object = open.object;
  try {
    // MS-FSA 2.1.5.4: write-time updates held back while the open wrote are made before its handle goes.
    await settleWriteTime(open, ctx);
    await open.handle?.close(ctx);
  } finally {
    if (object) {
      // MS-FSA 2.1.5.4: a delete-on-close open marks the object delete-pending as it closes; the
      // object goes when its last open does.
      if (open.deleteOnClose) object.deletePending = true;
      object.opens.delete(open);
      // A directory being deleted ends the watches of the opens that keep it (its CHANGE_NOTIFYs fail).
      if (object.deletePending) for (const other of object.opens) other.changeWatch?.abort(NtStatus.DELETE_PENDING);
      // Its oplock or its share of a lease ends; opens waiting for a break see the object without it.
      server.leases.release(open);
      await releaseObject(server, object, open.path, ctx);
      // A written or deleted entry changes its directory's listing (MS-FSA 2.1.4.12 PARENT_OBJECT).
      if (open.caching.modified || object.deletePending) await breakParentLeases(server, object.share, ctx, open.path, open.caching.parentLeaseKey);
    }
  }
}

async function closeAll(server: ServerState, opens: Open[], log: { error(obj: object, msg?: string): void }): Promise<void> {
  for (const open of opens) {
    try {
      await closeOpen(server, open);
    } catch (error) {
      log.error({ err: error, path: open.path.join('\\') }, 'close during teardown failed');
    }
  }
}

/**
 * False once the tree connect or its session has been released (TREE_DISCONNECT, LOGOFF, connection loss).
 * A handler that creates state after awaiting a driver checks this first: state attached to a released tree
 * connect would never be released.
 */
export function isTreeConnected(server: ServerState, tree: TreeConnect): boolean {
  const session = tree.session;
  return server.sessions.get(session.sessionId) === session && session.treeConnects.get(tree.treeId) === tree;
}

/** MS-SMB2 3.3.5.8: the tree's opens close, durable ones included (a durable open outlives its session, not its tree). */
export async function disconnectTree(server: ServerState, tree: TreeConnect): Promise<void> {
  tree.session.treeConnects.delete(tree.treeId);
  const opens = [...server.opens.values()].filter((o) => o.treeConnect === tree && !o.disconnected);
  await closeAll(server, opens, server.options.logger);
}

/**
 * The session goes with its tree connects and opens. `keepDurableOpens`: durable opens that qualify are
 * detached and wait for a reconnect instead (MS-SMB2 3.3.7.1), as they do when a client logs off or sets up a
 * new session naming this one as its previous session; only a server shutting down closes them all.
 */
export async function logoffSession(server: ServerState, session: Session, keepDurableOpens: boolean): Promise<void> {
  server.sessions.delete(session.sessionId);
  session.state = 'expired';
  if (keepDurableOpens) preserveDurableOpens(server, session);
  for (const tree of [...session.treeConnects.values()]) await disconnectTree(server, tree);
}

/** A stopping server: every session goes, and the durable opens nobody reconnected close too. */
export async function closeEverything(server: ServerState): Promise<void> {
  for (const session of [...server.sessions.values()]) await logoffSession(server, session, false);
  await closeAll(server, [...server.opens.values()], server.options.logger);
}

/**
 * MS-SMB2 3.3.7.1: the connection's channels go; a session that still has another channel lives on there,
 * and otherwise goes, leaving only its durable opens behind for a reconnect.
 */
export async function releaseConnection(server: ServerState, connection: Connection): Promise<void> {
  const ended: Session[] = [];
  for (const session of [...server.sessions.values()]) {
    session.bindings.delete(connection);
    if (!session.channels.delete(connection)) continue;
    const remaining = session.channels.values().next();
    if (!remaining.done) {
      if (session.connection === connection) session.connection = remaining.value.connection;
      continue;
    }
    ended.push(session);
  }
  // Every session starts going before anything is awaited, so a reconnect arriving on another connection
  // meanwhile finds their durable opens already detached (logoffSession detaches them synchronously).
  await Promise.all(ended.map((session) => logoffSession(server, session, true)));
}
