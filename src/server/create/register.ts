// Entering a new open into the global and per-object tables (MS-SMB2 3.3.5.9: "The server MUST ... insert the Open").

import type { Smb2Request } from '../request.ts';
import { Open } from '../state/open.ts';
import { startChannelSequence } from '../channel-sequence.ts';

export type OpenInit = Omit<ConstructorParameters<typeof Open>[0], 'persistentFileId' | 'volatileFileId' | 'session'>;

export function registerOpen(request: Smb2Request, init: OpenInit): Open {
  const server = request.server;
  const volatile = server.allocateVolatileFileId();
  const open = new Open({ ...init, persistentFileId: volatile, volatileFileId: volatile, session: request.requireSession() });
  open.clientGuid = request.connection.offer?.clientGuid;
  startChannelSequence(open, request.header);
  server.opens.set(volatile, open);
  open.object?.opens.add(open);
  request.setChainFileId(open);
  return open;
}
