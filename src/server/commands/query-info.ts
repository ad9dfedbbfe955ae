// MS-SMB2 3.3.5.20 Receiving an SMB2 QUERY_INFO Request.

import { InfoType } from '../../protocol/constants.ts';
import { FileInformationClass as C } from '../../protocol/fscc/info-class.ts';
import { decodeQueryInfoRequest, encodeQueryInfoResponse } from '../../protocol/messages/query-info.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { fileQueryTable } from '../info/query-file.ts';
import { fsQueryTable } from '../info/query-fs.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

/** OutputBufferLength at body offset 4, InputBufferLength at 12 (MS-SMB2 2.2.37). */
export const queryInfoPayloadSize = (message: Buffer): number =>
  message.length >= 80 ? Math.max(message.readUInt32LE(68), message.readUInt32LE(76)) : 0;

/**
 * Classes whose size depends on a name or list: a short buffer that holds the fixed part gets the
 * truncated data and STATUS_BUFFER_OVERFLOW (MS-SMB2 3.3.5.20.1); others get STATUS_INFO_LENGTH_MISMATCH.
 */
const variableClassFixedPart = new Map<number, number>([
  [C.FileAllInformation, 100],
  [C.FileNameInformation, 4],
  [C.FileAlternateNameInformation, 4],
  [C.FileNormalizedNameInformation, 4],
  [C.FileStreamInformation, 24],
]);

function fit(data: Buffer, outputBufferLength: number, infoClass: number, infoType: number): HandlerResult {
  if (data.length <= outputBufferLength) return { body: encodeQueryInfoResponse({ outputBuffer: data }) };
  const fixed = infoType === InfoType.FILE ? variableClassFixedPart.get(infoClass) : undefined;
  if (fixed === undefined || outputBufferLength < fixed) throw new NtStatusError(NtStatus.INFO_LENGTH_MISMATCH);
  return { status: NtStatus.BUFFER_OVERFLOW, body: encodeQueryInfoResponse({ outputBuffer: data.subarray(0, outputBufferLength) }) };
}

export async function queryInfo(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeQueryInfoRequest(request.message);
  const open = request.resolveOpen({ persistent: body.persistentFileId, volatile: body.volatileFileId });
  const ctx = request.clientContext();
  const share = open.treeConnect.share;
  switch (body.infoType) {
    case InfoType.FILE: {
      const entry = fileQueryTable.get(body.fileInfoClass);
      if (!entry) throw new NtStatusError(NtStatus.INVALID_INFO_CLASS);
      if (!open.handle) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'file information on a pipe');
      if ((open.grantedAccess & entry.requiredAccess) !== entry.requiredAccess) throw new NtStatusError(NtStatus.ACCESS_DENIED);
      const [stat, fsStat] = await Promise.all([open.handle.stat(ctx), share.driver!.statfs(ctx)]);
      const data = entry.encode({ open, stat, volumeSerialNumber: fsStat.volumeSerialNumber });
      return fit(data, body.outputBufferLength, body.fileInfoClass, body.infoType);
    }
    case InfoType.FILESYSTEM: {
      const encode = fsQueryTable.get(body.fileInfoClass);
      if (!encode) throw new NtStatusError(NtStatus.INVALID_INFO_CLASS);
      if (!share.driver) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'file system information on a pipe');
      const fsStat = await share.driver.statfs(ctx);
      const data = encode({ fsStat, capabilities: share.driver.capabilities, readOnly: share.readOnly });
      return fit(data, body.outputBufferLength, body.fileInfoClass, body.infoType);
    }
    default:
      // Security descriptors and quotas need driver support that is not declared yet.
      throw new NtStatusError(NtStatus.NOT_SUPPORTED);
  }
}
