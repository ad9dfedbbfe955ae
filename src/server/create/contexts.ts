// MS-SMB2 2.2.14.2: the create contexts a CREATE response carries back.

import { NtStatus } from '../../protocol/status.ts';
import { CreateContextName, encodeQueryMaximalAccessResponse, encodeQueryOnDiskIdResponse, type CreateContext } from '../../protocol/create-contexts.ts';
import type { FileStat } from '../../ios/types.ts';
import type { TreeConnect } from '../state/tree-connect.ts';

export function responseContexts(requested: CreateContext[], tree: TreeConnect, stat: FileStat | undefined, volumeId: number): CreateContext[] {
  const out: CreateContext[] = [];
  for (const c of requested) {
    if (c.name === CreateContextName.QUERY_MAXIMAL_ACCESS) {
      out.push({ name: c.name, data: encodeQueryMaximalAccessResponse({ queryStatus: NtStatus.SUCCESS, maximalAccess: tree.maximalAccess }) });
    } else if (c.name === CreateContextName.QUERY_ON_DISK_ID && stat) {
      out.push({ name: c.name, data: encodeQueryOnDiskIdResponse({ diskFileId: stat.fileId, volumeId: BigInt(volumeId) }) });
    }
  }
  return out;
}
