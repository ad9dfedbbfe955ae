// Break notifications as SMB2 messages: MS-SMB2 3.3.4.6 (oplock, to the open's connection) and 3.3.4.7
// (lease, to a connection of the lease's client). Headers, signing and encryption are the dispatcher's.
// A break that a disconnected durable open would have to acknowledge closes it instead, at once, as
// Windows and Samba do: nobody is there to flush, and the operation that needed the break proceeds.

import { Command } from '../../protocol/constants.ts';
import { LeaseBreakFlags, encodeOplockBreakResponse } from '../../protocol/messages/oplock-break.ts';
import type { Connection } from '../state/connection.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';
import type { Session } from '../state/session.ts';
import type { Lease } from './lease.ts';
import type { BreakNotifier } from './types.ts';
import { purgeDisconnectedOpen } from '../durable/disconnect.ts';

/** What the dispatcher offers for messages the server sends on its own. */
export interface NotificationSender {
  /**
   * Sends one unsolicited message (MessageId 0xFFFFFFFFFFFFFFFF). With a session it carries the session's
   * SessionId and the given TreeId and is signed or encrypted as the session and tree connect require;
   * without one both ids are 0 and it goes out plain.
   */
  sendNotification(connection: Connection, session: Session | undefined, treeId: number, command: number, body: Buffer): void;
}

export function smb2BreakNotifier(server: ServerState): BreakNotifier {
  return {
    oplockBreak(open, level) {
      if (open.disconnected) return purgeDisconnectedOpen(server, open, 'oplock break');
      const connection = open.session.connection;
      if (connection.closed) return;
      const body = encodeOplockBreakResponse({ type: 'OPLOCK_BREAK', oplockLevel: level, persistentFileId: open.persistentFileId, volatileFileId: open.volatileFileId });
      server.notifier.sendNotification(connection, open.session, open.treeConnect.treeId, Command.OPLOCK_BREAK, body);
    },
    leaseBreak(lease, from, to, ackRequired) {
      const target = leaseBreakTarget(server, lease);
      if (!target) {
        if (ackRequired) for (const open of [...lease.opens]) purgeDisconnectedOpen(server, open, 'lease break');
        return;
      }
      const body = encodeOplockBreakResponse({
        type: 'LEASE_BREAK_NOTIFICATION',
        // MS-SMB2 2.2.23.2: NewEpoch is meaningful for version 2 leases only.
        newEpoch: lease.version === 2 ? lease.epoch : 0,
        flags: ackRequired ? LeaseBreakFlags.NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED : 0,
        leaseKey: lease.leaseKey,
        currentLeaseState: from,
        newLeaseState: to,
        breakReason: 0,
        accessMaskHint: 0,
        shareMaskHint: 0,
      });
      // A lease belongs to the client, not to a session: the break names one only to be encrypted with its keys.
      const open = target.open;
      const encrypt = open && (open.session.encryptData || open.treeConnect.encryptData);
      if (encrypt) server.notifier.sendNotification(target.connection, open.session, open.treeConnect.treeId, Command.OPLOCK_BREAK, body);
      else server.notifier.sendNotification(target.connection, undefined, 0, Command.OPLOCK_BREAK, body);
    },
  };
}

/**
 * MS-SMB2 3.3.4.7: a connection of the lease's client. Like Windows, the client's longest-standing
 * connection (same ClientGuid) that negotiated a dialect, whichever connection the lease's opens came over;
 * the connection of one of those opens when no such connection is known.
 */
function leaseBreakTarget(server: ServerState, lease: Lease): { connection: Connection; open: Open | undefined } | undefined {
  for (const connection of server.connections) {
    if (connection.closed || !connection.profile || !connection.offer?.clientGuid.equals(lease.clientGuid)) continue;
    return { connection, open: [...lease.opens].find((o) => o.session.connection === connection) };
  }
  for (const open of lease.opens) {
    if (!open.disconnected && !open.session.connection.closed) return { connection: open.session.connection, open };
  }
  return undefined;
}
