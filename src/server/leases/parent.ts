// MS-FSA 2.1.4.12 with PARENT_OBJECT: a change to a directory's entries (a file created, overwritten,
// written, renamed or deleted) breaks the directory's leases to none, except the lease the changing client
// named as the parent lease of its open (MS-SMB2 2.2.13.2.10 ParentLeaseKey).

import type { ClientContext } from '../../ios/types.ts';
import type { ServerState } from '../state/server-state.ts';
import type { Share } from '../state/share.ts';
import type { ParentLeaseKey } from './types.ts';

export async function breakParentLeases(server: ServerState, share: Share, ctx: ClientContext, path: readonly string[], except: ParentLeaseKey | undefined): Promise<void> {
  if (path.length === 0 || !server.leases.hasDirectoryLeases()) return;
  const parent = await share.driver!.lookup(ctx, path.slice(0, -1)).catch(() => undefined);
  if (!parent) return;
  const object = server.findObject(share, parent.fileId);
  if (object) server.leases.breakParentCaching(object, except);
}
