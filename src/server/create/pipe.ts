// MS-SMB2 3.3.5.9: a CREATE on IPC$ opens a named pipe served by the DCE/RPC layer.

import { CreateAction, FileAttributes, OplockLevel } from '../../protocol/constants.ts';
import { encodeCreateResponse } from '../../protocol/messages/create.ts';
import { RpcPipe } from '../../rpc/pipe.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { rpcServerContext } from '../rpc-context.ts';
import type { TreeConnect } from '../state/tree-connect.ts';
import { registerOpen } from './register.ts';

export async function openPipe(request: Smb2Request, name: string, tree: TreeConnect, desiredAccess: number, shareAccess: number, createOptions: number): Promise<HandlerResult> {
  const server = request.server;
  const pipe = new RpcPipe(name.replace(/^\\+/, '').replace(/^pipe\\/i, ''), rpcServerContext(server));
  const open = registerOpen(request, { treeConnect: tree, path: [name], grantedAccess: desiredAccess, shareAccess, isDirectory: false, pipe, createOptions });
  return {
    body: encodeCreateResponse({
      oplockLevel: OplockLevel.NONE,
      flags: 0,
      createAction: CreateAction.OPENED,
      creationTime: 0n,
      lastAccessTime: 0n,
      lastWriteTime: 0n,
      changeTime: 0n,
      allocationSize: 4096n,
      endofFile: 0n,
      fileAttributes: FileAttributes.NORMAL,
      persistentFileId: open.persistentFileId,
      volatileFileId: open.volatileFileId,
      createContexts: Buffer.alloc(0),
    }),
  };
}
