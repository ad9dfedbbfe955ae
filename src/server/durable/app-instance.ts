// MS-SMB2 3.3.5.9.13: a CREATE naming an AppInstanceId (with DH2Q) from another client closes the opens an
// earlier instance of the application left on the same file, without breaking their oplocks or leases: the
// application failed over to this client (a Hyper-V VM moving between cluster nodes), and its old node may
// never come back to close them.

import { CreateContextName, type CreateContext } from '../../protocol/create-contexts.ts';
import { decodeAppInstanceId } from '../../protocol/app-instance-contexts.ts';
import { samePathIgnoringCase } from '../paths.ts';
import type { Smb2Request } from '../request.ts';
import type { Share } from '../state/share.ts';
import { closeOpen } from '../teardown.ts';

export function appInstanceIdOf(contexts: readonly CreateContext[]): Buffer | undefined {
  const data = contexts.find((c) => c.name === CreateContextName.APP_INSTANCE_ID)?.data;
  return data && Buffer.from(decodeAppInstanceId(data).appInstanceId);
}

/** Closes the other clients' opens of `path` under `appInstanceId`, before the new CREATE looks at sharing. */
export async function closeEarlierInstances(request: Smb2Request, share: Share, path: readonly string[], appInstanceId: Buffer): Promise<void> {
  const server = request.server;
  const clientGuid = request.connection.offer?.clientGuid;
  const earlier = [...server.opens.values()].filter(
    (open) =>
      open.appInstanceId?.equals(appInstanceId) &&
      open.treeConnect.share === share &&
      !(clientGuid && open.clientGuid?.equals(clientGuid)) &&
      samePathIgnoringCase(open.path, path),
  );
  for (const open of earlier) {
    server.options.logger.info({ path: path.join('\\') }, 'closing an open of an earlier application instance');
    await closeOpen(server, open);
  }
}
