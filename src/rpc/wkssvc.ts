// wkssvc (MS-WKST): NetrWkstaGetInfo level 100, which clients ask for the computer and domain name.

import { NdrReader, NdrWriter, NdrError } from './ndr.ts';
import type { SyntaxId } from './pdu.ts';
import type { RpcInterface, RpcServerContext } from './pipe.ts';
import { NetApiStatus, OS_VERSION } from './srvsvc.ts';

// MS-WKST 1.9
export const WKSSVC_SYNTAX: SyntaxId = { uuid: '6bffd098-a112-3610-9833-46c3f87e345a', major: 1, minor: 0 };

export const WkssvcOpnum = {
  NetrWkstaGetInfo: 0,
} as const;

// MS-WKST 2.2.5.1 wki100_platform_id
const PLATFORM_ID_NT = 500;

/** WKSTA_INFO_100 (MS-WKST 2.2.5.1). */
export interface WkstaInfo100 {
  platformId: number;
  computerName: string | null;
  langroup: string | null;
  verMajor: number;
  verMinor: number;
}

export interface NetrWkstaGetInfoRequest {
  serverName: string | null;
  level: number;
}

export interface NetrWkstaGetInfoResponse {
  level: number;
  info: WkstaInfo100 | null;
  status: number;
}

export function decodeNetrWkstaGetInfoRequest(stub: Buffer): NetrWkstaGetInfoRequest {
  const r = new NdrReader(stub);
  let serverName: string | null = null;
  r.constructed(() => r.uniquePointer(() => r.wstring(), (s) => (serverName = s)));
  return { serverName, level: r.u32() };
}

export function encodeNetrWkstaGetInfoResponse(v: NetrWkstaGetInfoResponse): Buffer {
  const w = new NdrWriter();
  w.constructed(() => {
    w.u32(v.level); // WKSTA_INFO union discriminant; every arm is a pointer
    w.uniquePointer(v.level === 100 ? v.info : null, (info) => {
      w.u32(info.platformId);
      w.uniquePointer(info.computerName, (s) => w.wstring(s));
      w.uniquePointer(info.langroup, (s) => w.wstring(s));
      w.u32(info.verMajor);
      w.u32(info.verMinor);
    });
  });
  w.u32(v.status);
  return w.toBuffer();
}

export function decodeNetrWkstaGetInfoResponse(stub: Buffer): NetrWkstaGetInfoResponse {
  const r = new NdrReader(stub);
  const v: NetrWkstaGetInfoResponse = { level: 0, info: null, status: 0 };
  r.constructed(() => {
    v.level = r.u32();
    r.uniquePointer(
      () => {
        if (v.level !== 100) throw new NdrError(`WKSTA_INFO level ${v.level} not supported`);
        const info: WkstaInfo100 = { platformId: r.u32(), computerName: null, langroup: null, verMajor: 0, verMinor: 0 };
        r.uniquePointer(() => r.wstring(), (s) => (info.computerName = s));
        r.uniquePointer(() => r.wstring(), (s) => (info.langroup = s));
        info.verMajor = r.u32();
        info.verMinor = r.u32();
        return info;
      },
      (info) => (v.info = info),
    );
  });
  v.status = r.u32();
  return v;
}

/** MS-WKST 3.2.4.1. Levels 101 and 102 would disclose logon details; 100 is all that is offered. */
export function netrWkstaGetInfo(req: NetrWkstaGetInfoRequest, ctx: RpcServerContext): NetrWkstaGetInfoResponse {
  if (req.level !== 100) return { level: req.level, info: null, status: NetApiStatus.ERROR_INVALID_LEVEL };
  return {
    level: 100,
    info: {
      platformId: PLATFORM_ID_NT,
      computerName: ctx.serverName,
      langroup: ctx.domain,
      verMajor: OS_VERSION.major,
      verMinor: OS_VERSION.minor,
    },
    status: NetApiStatus.NERR_Success,
  };
}

export const wkssvc: RpcInterface = {
  name: 'wkssvc',
  syntax: WKSSVC_SYNTAX,
  call(opnum, stub, ctx) {
    if (opnum !== WkssvcOpnum.NetrWkstaGetInfo) return undefined;
    return encodeNetrWkstaGetInfoResponse(netrWkstaGetInfo(decodeNetrWkstaGetInfoRequest(stub), ctx));
  },
};
