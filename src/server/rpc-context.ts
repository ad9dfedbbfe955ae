// What the DCE/RPC services (srvsvc, wkssvc) may see of the server: its names and its share list.

import type { RpcServerContext, ShareInfo } from '../rpc/pipe.ts';
import type { ServerState } from './state/server-state.ts';

/** MS-SRVS 2.2.2.4 share types. */
const STYPE_DISKTREE = 0x00000000;
const STYPE_IPC = 0x00000003;
const STYPE_SPECIAL = 0x80000000;

export function rpcServerContext(server: ServerState): RpcServerContext {
  return {
    serverName: server.options.serverName,
    domain: server.options.domain,
    shares(): ShareInfo[] {
      return [...server.shares.values()].map((s) => ({
        name: s.name,
        type: s.kind === 'pipe' ? (STYPE_IPC | STYPE_SPECIAL) >>> 0 : STYPE_DISKTREE,
        remark: s.remark,
        path: s.path,
      }));
    },
  };
}
