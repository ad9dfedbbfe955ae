// MS-SMB2 3.3.5.19 Receiving an SMB2 CHANGE_NOTIFY Request. The first request on a directory open sets up
// its watch (../notify/watch.ts); a request completes at once with the changes kept since the previous one,
// or goes async until the next change, SMB2 CANCEL (STATUS_CANCELLED), the open closing
// (STATUS_NOTIFY_CLEANUP) or the directory being deleted (STATUS_DELETE_PENDING). Changes that do not fit
// OutputBufferLength are STATUS_NOTIFY_ENUM_DIR. Statuses without records go out as ERROR responses, whose
// bytes equal an empty CHANGE_NOTIFY response (as Windows and Samba send them).

import { AccessMask, ChangeNotifyFlags } from '../../protocol/constants.ts';
import { decodeChangeNotifyRequest, encodeChangeNotifyResponse, type ChangeNotifyRequest } from '../../protocol/messages/change-notify.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import { ChangeWatch, type NotifyOutcome } from '../notify/watch.ts';

/** OutputBufferLength at body offset 4 (MS-SMB2 2.2.35). */
export const changeNotifyPayloadSize = (message: Buffer): number => (message.length >= 72 ? message.readUInt32LE(68) : 0);

const CANCELLED: NotifyOutcome = { status: NtStatus.CANCELLED, output: Buffer.alloc(0) };

export async function changeNotify(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeChangeNotifyRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  if (!open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'CHANGE_NOTIFY on a file');
  if (!(open.grantedAccess & AccessMask.FILE_LIST_DIRECTORY)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  if (body.outputBufferLength > request.connection.maxIoSize) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'OutputBufferLength beyond MaxTransactSize');
  const watch = open.changeWatch ?? startWatch(open, body);
  if (open.object?.deletePending) throw new NtStatusError(NtStatus.DELETE_PENDING);
  const outcome = watch.takeBuffered(body.outputBufferLength) ?? (await nextChange(request, watch, body.outputBufferLength));
  if (outcome.status !== NtStatus.SUCCESS) throw new NtStatusError(outcome.status);
  return { body: encodeChangeNotifyResponse({ outputBuffer: outcome.output }) };
}

/** MS-SMB2 3.3.5.19: the first request's CompletionFilter and WATCH_TREE apply until the open closes. */
function startWatch(open: Open, body: ChangeNotifyRequest): ChangeWatch {
  const watch = new ChangeWatch({
    directory: () => open.path,
    completionFilter: body.completionFilter,
    watchTree: (body.flags & ChangeNotifyFlags.WATCH_TREE) !== 0,
    outputBufferLength: body.outputBufferLength,
  });
  const subscription = open.treeConnect.share.notify?.subscribe(watch);
  open.changeWatch = watch;
  // MS-SMB2 3.3.5.10: closing the open completes its pending requests with STATUS_NOTIFY_CLEANUP.
  open.onClose.add(() => {
    subscription?.close();
    watch.abort(NtStatus.NOTIFY_CLEANUP);
  });
  return watch;
}

function nextChange(request: Smb2Request, watch: ChangeWatch, outputBufferLength: number): Promise<NotifyOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: NotifyOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    let stopWaiting = (): boolean => false;
    // Refused in the middle of a compound, goAsync cancels at once; then nothing may wait.
    request.goAsync(() => {
      stopWaiting();
      settle(CANCELLED);
    });
    if (!settled) stopWaiting = watch.wait(outputBufferLength, settle);
  });
}
