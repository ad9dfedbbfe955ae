// MS-SMB2 3.3.5.16 Receiving an SMB2 CANCEL Request: no response of its own; the cancelled request
// completes with STATUS_CANCELLED.

import { isAsync, type Smb2Header } from '../../protocol/header.ts';
import type { Connection } from '../state/connection.ts';

export function handleCancel(connection: Connection, header: Smb2Header): void {
  if (isAsync(header)) {
    connection.pending.get(header.asyncId)?.cancel();
    return;
  }
  for (const p of connection.pending.values()) {
    if (p.messageId === header.messageId && p.sessionId === header.sessionId) {
      p.cancel();
      return;
    }
  }
}
