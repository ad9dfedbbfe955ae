// MS-SMB2 3.3.5.20 Receiving an SMB2 QUERY_INFO Request.

import { InfoType } from '../../protocol/constants.ts';
import { decodeQueryInfoRequest, encodeQueryInfoResponse } from '../../protocol/messages/query-info.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { fitQueryOutput, type FittedOutput } from '../info/fit.ts';
import { fileQueryTable } from '../info/query-file.ts';
import { reportedStat } from '../info/write-time.ts';
import { fsQueryTable } from '../info/query-fs.ts';
import { querySecurity } from '../security/info.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';

/** OutputBufferLength at body offset 4, InputBufferLength at 12 (MS-SMB2 2.2.37). */
export const queryInfoPayloadSize = (message: Buffer): number =>
  message.length >= 80 ? Math.max(message.readUInt32LE(68), message.readUInt32LE(76)) : 0;

/** Output cut to OutputBufferLength (info/fit.ts), or answered as the class's handler fitted it. */
function fit(output: Buffer | FittedOutput, outputBufferLength: number, infoClass: number, infoType: number): HandlerResult {
  const { status, data } = Buffer.isBuffer(output) ? fitQueryOutput(output, outputBufferLength, infoType, infoClass) : output;
  return { status, body: encodeQueryInfoResponse({ outputBuffer: data }) };
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
      const output = await entry.encode({
        open,
        stat: reportedStat(request.server, share, stat),
        ctx,
        volumeSerialNumber: fsStat.volumeSerialNumber,
        dialect: request.connection.profile!.dialect,
        query: body,
      });
      return fit(output, body.outputBufferLength, body.fileInfoClass, body.infoType);
    }
    case InfoType.FILESYSTEM: {
      const encode = fsQueryTable.get(body.fileInfoClass);
      if (!encode) throw new NtStatusError(NtStatus.INVALID_INFO_CLASS);
      if (!share.driver) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'file system information on a pipe');
      const fsStat = await share.driver.statfs(ctx);
      const data = encode({ fsStat, capabilities: share.driver.capabilities, readOnly: share.readOnly });
      return fit(data, body.outputBufferLength, body.fileInfoClass, body.infoType);
    }
    case InfoType.SECURITY:
      return querySecurity(open, ctx, body.additionalInformation, body.outputBufferLength);
    default:
      // Quotas need driver support that is not declared yet.
      throw new NtStatusError(NtStatus.NOT_SUPPORTED);
  }
}
