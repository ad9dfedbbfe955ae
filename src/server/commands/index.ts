// The dispatch table: every SMB2 command, its handler, and what must be resolved before it runs
// (MS-SMB2 3.3.5.2.9 session, 3.3.5.2.11 tree connect). CANCEL is handled by the dispatcher itself.

import { Command } from '../../protocol/constants.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { negotiate } from './negotiate.ts';
import { sessionSetup } from './session-setup.ts';
import { logoff } from './logoff.ts';
import { treeConnect } from './tree-connect.ts';
import { treeDisconnect } from './tree-disconnect.ts';
import { create } from './create.ts';
import { close } from './close.ts';
import { flush } from './flush.ts';
import { read, readPayloadSize } from './read.ts';
import { write, writePayloadSize } from './write.ts';
import { lock } from './lock.ts';
import { ioctl, ioctlPayloadSize } from './ioctl.ts';
import { echo } from './echo.ts';
import { queryDirectory, queryDirectoryPayloadSize } from './query-directory.ts';
import { changeNotify, changeNotifyPayloadSize } from './change-notify.ts';
import { queryInfo, queryInfoPayloadSize } from './query-info.ts';
import { setInfo, setInfoPayloadSize } from './set-info.ts';
import { oplockBreak } from './oplock-break.ts';

export interface CommandEntry {
  handler: (request: Smb2Request) => Promise<HandlerResult>;
  requires: 'connection' | 'session' | 'tree';
  /** MS-SMB2 3.3.5.2.5: the larger of request and response payload, for the CreditCharge check. */
  payloadSize?: (message: Buffer) => number;
}

export const commandTable: ReadonlyMap<number, CommandEntry> = new Map<number, CommandEntry>([
  [Command.NEGOTIATE, { handler: negotiate, requires: 'connection' }],
  [Command.SESSION_SETUP, { handler: sessionSetup, requires: 'connection' }],
  [Command.LOGOFF, { handler: logoff, requires: 'session' }],
  [Command.TREE_CONNECT, { handler: treeConnect, requires: 'session' }],
  [Command.TREE_DISCONNECT, { handler: treeDisconnect, requires: 'tree' }],
  [Command.CREATE, { handler: create, requires: 'tree' }],
  [Command.CLOSE, { handler: close, requires: 'tree' }],
  [Command.FLUSH, { handler: flush, requires: 'tree' }],
  [Command.READ, { handler: read, requires: 'tree', payloadSize: readPayloadSize }],
  [Command.WRITE, { handler: write, requires: 'tree', payloadSize: writePayloadSize }],
  [Command.LOCK, { handler: lock, requires: 'tree' }],
  [Command.IOCTL, { handler: ioctl, requires: 'tree', payloadSize: ioctlPayloadSize }],
  [Command.ECHO, { handler: echo, requires: 'connection' }],
  [Command.QUERY_DIRECTORY, { handler: queryDirectory, requires: 'tree', payloadSize: queryDirectoryPayloadSize }],
  [Command.CHANGE_NOTIFY, { handler: changeNotify, requires: 'tree', payloadSize: changeNotifyPayloadSize }],
  [Command.QUERY_INFO, { handler: queryInfo, requires: 'tree', payloadSize: queryInfoPayloadSize }],
  [Command.SET_INFO, { handler: setInfo, requires: 'tree', payloadSize: setInfoPayloadSize }],
  [Command.OPLOCK_BREAK, { handler: oplockBreak, requires: 'tree' }],
]);
