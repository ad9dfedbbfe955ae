// What happens to an object's shared state when one of its opens has gone (MS-FSA 2.1.5.4): an object
// without opens is dropped, and a pending delete is carried out. A named stream goes on its own; a file waits
// for the opens of its streams too, so deleting a file whose stream is still open removes it only when that
// stream closes (and until then every open of the file or its streams fails with STATUS_DELETE_PENDING).

import type { ClientContext } from '../../ios/types.ts';
import type { ServerState } from './server-state.ts';
import { SharedObject } from './shared-object.ts';

export async function releaseObject(server: ServerState, object: SharedObject, path: readonly string[], ctx: ClientContext): Promise<void> {
  const driver = object.share.driver!;
  // CLOSE itself succeeds even when the pending delete cannot be carried out.
  const warn = (error: unknown) => server.options.logger.warn({ err: error, path: path.join('\\'), stream: object.stream }, 'delete on close failed');
  const file = object.fileObject;
  if (object !== file && object.opens.size === 0) {
    file.streams.delete(SharedObject.streamKey(object.stream));
    // A stream of a file about to be deleted goes with the file.
    if (object.deletePending && !file.deletePending) await driver.unlink(ctx, path, object.stream).catch(warn);
  }
  if (file.opens.size === 0 && file.streams.size === 0 && server.objects.get(file.key) === file) {
    server.objects.delete(file.key);
    if (!file.deletePending) return;
    const removed = driver.unlink(ctx, path).catch(warn);
    server.deletesUnderWay.set(file.key, removed);
    await removed;
    if (server.deletesUnderWay.get(file.key) === removed) server.deletesUnderWay.delete(file.key);
  }
}
