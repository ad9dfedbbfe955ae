// srvsvc (MS-SRVS): the share and server queries clients make before showing a server's shares —
// NetrShareEnum (opnum 15), NetrShareGetInfo (opnum 16), NetrServerGetInfo (opnum 21).

import { NdrReader, NdrWriter, NdrError } from './ndr.ts';
import type { SyntaxId } from './pdu.ts';
import type { RpcInterface, RpcServerContext, ShareInfo } from './pipe.ts';

// MS-SRVS 1.9
export const SRVSVC_SYNTAX: SyntaxId = { uuid: '4b324fc8-1670-01d3-1278-5a47bf6ee188', major: 3, minor: 0 };

export const SrvsvcOpnum = {
  NetrShareEnum: 15,
  NetrShareGetInfo: 16,
  NetrServerGetInfo: 21,
} as const;

// NET_API_STATUS values (MS-ERREF 2.2, MS-SRVS 3.1.4.8/3.1.4.10).
export const NetApiStatus = {
  NERR_Success: 0,
  ERROR_INVALID_LEVEL: 124,
  ERROR_MORE_DATA: 234,
  NERR_NetNameNotFound: 2310,
} as const;

/** PreferedMaximumLength meaning "everything" (MS-SRVS 3.1.4.8). */
export const MAX_PREFERRED_LENGTH = 0xffffffff;
/** shi2_max_uses value for "no limit" (MS-SRVS 2.2.4.24). */
export const SHI_USES_UNLIMITED = 0xffffffff;

// sv10x_platform_id of a Windows NT server (SERVER_INFO_100), and MS-SRVS 2.2.2.7 server types.
const PLATFORM_ID_NT = 500;
const SV_TYPE_WORKSTATION = 0x00000001;
const SV_TYPE_SERVER = 0x00000002;
const SV_TYPE_NT = 0x00001000;
const SV_TYPE_SERVER_NT = 0x00008000;
/** The version a current Windows server reports in SERVER_INFO_101 and WKSTA_INFO_100. */
export const OS_VERSION = { major: 10, minor: 0 } as const;

// ---- SHARE_INFO_* (MS-SRVS 2.2.4.22 - 2.2.4.29), as they travel

export interface ShareInfo0 {
  netname: string | null;
}
export interface ShareInfo1 extends ShareInfo0 {
  type: number;
  remark: string | null;
}
export interface ShareInfo2 extends ShareInfo1 {
  permissions: number;
  maxUses: number;
  currentUses: number;
  path: string | null;
  passwd: string | null;
}
export interface ShareInfo501 extends ShareInfo1 {
  flags: number;
}
export interface ShareInfo502 extends ShareInfo2 {
  /** Self-relative security descriptor; its length travels as shi502_reserved. */
  securityDescriptor: Buffer | null;
}
export interface ShareInfo1005 {
  flags: number;
}
export type ShareInfoStruct = ShareInfo0 | ShareInfo1 | ShareInfo2 | ShareInfo501 | ShareInfo502 | ShareInfo1005;

interface StructCodec<T> {
  /** Wire size of the flat part, bounding array counts read from the wire. */
  flatSize: number;
  fromShare(share: ShareInfo): T;
  write(w: NdrWriter, v: T): void;
  read(r: NdrReader): T;
}

function writeStringPointer(w: NdrWriter, s: string | null): void {
  w.uniquePointer(s, (v) => w.wstring(v));
}

function readStringPointer(r: NdrReader, assign: (s: string) => void): void {
  r.uniquePointer(() => r.wstring(), assign);
}

// Readers fill one object in place: string pointees arrive after the flat part and are assigned into it.
function readShareInfo1Fields(r: NdrReader, v: ShareInfo1): void {
  readStringPointer(r, (s) => (v.netname = s));
  v.type = r.u32();
  readStringPointer(r, (s) => (v.remark = s));
}

function emptyShareInfo2(): ShareInfo2 {
  return { netname: null, type: 0, remark: null, permissions: 0, maxUses: 0, currentUses: 0, path: null, passwd: null };
}

function readShareInfo2Fields(r: NdrReader, v: ShareInfo2): void {
  readShareInfo1Fields(r, v);
  v.permissions = r.u32();
  v.maxUses = r.u32();
  v.currentUses = r.u32();
  readStringPointer(r, (s) => (v.path = s));
  readStringPointer(r, (s) => (v.passwd = s));
}

const shareInfo0: StructCodec<ShareInfo0> = {
  flatSize: 4,
  fromShare: (s) => ({ netname: s.name }),
  write(w, v) {
    writeStringPointer(w, v.netname);
  },
  read(r) {
    const v: ShareInfo0 = { netname: null };
    readStringPointer(r, (s) => (v.netname = s));
    return v;
  },
};

const shareInfo1: StructCodec<ShareInfo1> = {
  flatSize: 12,
  fromShare: (s) => ({ netname: s.name, type: s.type >>> 0, remark: s.remark }),
  write(w, v) {
    writeStringPointer(w, v.netname);
    w.u32(v.type);
    writeStringPointer(w, v.remark);
  },
  read(r) {
    const v: ShareInfo1 = { netname: null, type: 0, remark: null };
    readShareInfo1Fields(r, v);
    return v;
  },
};

const shareInfo2: StructCodec<ShareInfo2> = {
  flatSize: 32,
  fromShare: (s) => ({
    ...shareInfo1.fromShare(s),
    // shi2_permissions only means something under share-level security, which SMB2 does not have.
    permissions: 0,
    maxUses: s.maxUses ?? SHI_USES_UNLIMITED,
    currentUses: s.currentUses ?? 0,
    path: s.path ?? '',
    // Share passwords belong to share-level security too: always absent.
    passwd: null,
  }),
  write(w, v) {
    shareInfo1.write(w, v);
    w.u32(v.permissions);
    w.u32(v.maxUses);
    w.u32(v.currentUses);
    writeStringPointer(w, v.path);
    writeStringPointer(w, v.passwd);
  },
  read(r) {
    const v = emptyShareInfo2();
    readShareInfo2Fields(r, v);
    return v;
  },
};

const shareInfo501: StructCodec<ShareInfo501> = {
  flatSize: 16,
  // shi501_flags carries the client-side caching policy; 0 is CSC_CACHE_MANUAL_REINT, the Windows default.
  fromShare: (s) => ({ ...shareInfo1.fromShare(s), flags: 0 }),
  write(w, v) {
    shareInfo1.write(w, v);
    w.u32(v.flags);
  },
  read(r) {
    const v: ShareInfo501 = { netname: null, type: 0, remark: null, flags: 0 };
    readShareInfo1Fields(r, v);
    v.flags = r.u32();
    return v;
  },
};

const shareInfo502: StructCodec<ShareInfo502> = {
  flatSize: 40,
  // No security descriptor: clients then show the share as open to whoever the SMB layer lets in.
  fromShare: (s) => ({ ...shareInfo2.fromShare(s), securityDescriptor: null }),
  write(w, v) {
    shareInfo2.write(w, v);
    const sd = v.securityDescriptor;
    w.u32(sd?.length ?? 0); // shi502_reserved is the size_is of the descriptor
    w.uniquePointer(sd, (b) => {
      w.conformantArray([...b], (byte) => w.u8(byte));
    });
  },
  read(r) {
    const v: ShareInfo502 = { ...emptyShareInfo2(), securityDescriptor: null };
    readShareInfo2Fields(r, v);
    const reserved = r.u32();
    r.uniquePointer(
      () => {
        const bytes = r.conformantArray(1, () => r.u8());
        if (bytes.length !== reserved) throw new NdrError(`shi502_reserved ${reserved} != descriptor size ${bytes.length}`);
        return Buffer.from(bytes);
      },
      (b) => (v.securityDescriptor = b),
    );
    return v;
  },
};

const shareInfo1005: StructCodec<ShareInfo1005> = {
  flatSize: 4,
  fromShare: () => ({ flags: 0 }),
  write(w, v) {
    w.u32(v.flags);
  },
  read(r) {
    return { flags: r.u32() };
  },
};

/** Levels of SHARE_ENUM_UNION this server answers. */
const ENUM_LEVELS = new Map<number, StructCodec<any>>([
  [0, shareInfo0],
  [1, shareInfo1],
  [2, shareInfo2],
  [501, shareInfo501],
  [502, shareInfo502],
]);

/** Levels of SHARE_INFO (MS-SRVS 2.2.3.6) this server answers. */
const GET_INFO_LEVELS = new Map<number, StructCodec<any>>([...ENUM_LEVELS, [1005, shareInfo1005]]);

// ---- SHARE_ENUM_STRUCT (MS-SRVS 2.2.4.38) with its SHARE_INFO_*_CONTAINER (2.2.4.32 - 2.2.4.37)

export interface ShareInfoContainer {
  entriesRead: number;
  buffer: ShareInfoStruct[] | null;
}

export interface ShareEnumStruct {
  level: number;
  container: ShareInfoContainer | null;
}

function writeShareEnumStruct(w: NdrWriter, v: ShareEnumStruct): void {
  w.constructed(() => {
    w.u32(v.level);
    w.u32(v.level); // a non-encapsulated union marshals its discriminant again ahead of the arm (C706 NDR unions)
    const codec = ENUM_LEVELS.get(v.level);
    // Arms this server does not know travel as a null container.
    w.uniquePointer(codec ? v.container : null, (c) => {
      w.u32(c.entriesRead);
      w.uniquePointer(c.buffer, (items) => {
        w.conformantArray(items, (item) => codec!.write(w, item));
      });
    });
  });
}

function readShareEnumStruct(r: NdrReader): ShareEnumStruct {
  return r.constructed(() => {
    const level = r.u32();
    const tag = r.u32();
    if (tag !== level) throw new NdrError(`SHARE_ENUM_STRUCT tag ${tag} differs from Level ${level}`);
    const v: ShareEnumStruct = { level, container: null };
    const codec = ENUM_LEVELS.get(level);
    r.uniquePointer(
      () => {
        if (!codec) throw new NdrError(`SHARE_ENUM_UNION level ${level} not supported`);
        const c: ShareInfoContainer = { entriesRead: r.u32(), buffer: null };
        r.uniquePointer(
          () => r.conformantArray(codec.flatSize, () => codec.read(r)),
          (items) => (c.buffer = items),
        );
        return c;
      },
      (c) => (v.container = c),
    );
    return v;
  });
}

// ---- top-level parameters

function writeServerName(w: NdrWriter, name: string | null): void {
  w.constructed(() => writeStringPointer(w, name));
}

function readServerName(r: NdrReader): string | null {
  let name: string | null = null;
  r.constructed(() => readStringPointer(r, (s) => (name = s)));
  return name;
}

function writeOptionalU32(w: NdrWriter, v: number | null): void {
  w.constructed(() => w.uniquePointer(v, (x) => w.u32(x)));
}

function readOptionalU32(r: NdrReader): number | null {
  let v: number | null = null;
  r.constructed(() => r.uniquePointer(() => r.u32(), (x) => (v = x)));
  return v;
}

// ---- NetrShareEnum (MS-SRVS 3.1.4.8)

export interface NetrShareEnumRequest {
  serverName: string | null;
  infoStruct: ShareEnumStruct;
  preferedMaximumLength: number;
  resumeHandle: number | null;
}

export interface NetrShareEnumResponse {
  infoStruct: ShareEnumStruct;
  totalEntries: number;
  resumeHandle: number | null;
  status: number;
}

export function decodeNetrShareEnumRequest(stub: Buffer): NetrShareEnumRequest {
  const r = new NdrReader(stub);
  const serverName = readServerName(r);
  const infoStruct = readShareEnumStruct(r);
  const preferedMaximumLength = r.u32();
  const resumeHandle = readOptionalU32(r);
  return { serverName, infoStruct, preferedMaximumLength, resumeHandle };
}

export function encodeNetrShareEnumRequest(v: NetrShareEnumRequest): Buffer {
  const w = new NdrWriter();
  writeServerName(w, v.serverName);
  writeShareEnumStruct(w, v.infoStruct);
  w.u32(v.preferedMaximumLength);
  writeOptionalU32(w, v.resumeHandle);
  return w.toBuffer();
}

export function encodeNetrShareEnumResponse(v: NetrShareEnumResponse): Buffer {
  const w = new NdrWriter();
  writeShareEnumStruct(w, v.infoStruct);
  w.u32(v.totalEntries);
  writeOptionalU32(w, v.resumeHandle);
  w.u32(v.status);
  return w.toBuffer();
}

export function decodeNetrShareEnumResponse(stub: Buffer): NetrShareEnumResponse {
  const r = new NdrReader(stub);
  const infoStruct = readShareEnumStruct(r);
  const totalEntries = r.u32();
  const resumeHandle = readOptionalU32(r);
  return { infoStruct, totalEntries, resumeHandle, status: r.u32() };
}

/**
 * What one entry costs against PreferedMaximumLength: its flat part plus its strings, the way the
 * NetShareEnum buffer would hold them. MS-SRVS leaves the accounting to the implementation.
 */
function entryCost(codec: StructCodec<any>, share: ShareInfo): number {
  let bytes = codec.flatSize;
  for (const value of Object.values(codec.fromShare(share) as object)) {
    if (typeof value === 'string') bytes += (value.length + 1) * 2;
  }
  return bytes;
}

export function netrShareEnum(req: NetrShareEnumRequest, ctx: RpcServerContext): NetrShareEnumResponse {
  const level = req.infoStruct.level;
  const codec = ENUM_LEVELS.get(level);
  const shares = ctx.shares();
  if (!codec) {
    return {
      infoStruct: { level, container: null },
      totalEntries: 0,
      resumeHandle: req.resumeHandle,
      status: NetApiStatus.ERROR_INVALID_LEVEL,
    };
  }
  // The resume handle is the index of the next share to return (its meaning is implementation-specific).
  const start = Math.min(req.resumeHandle ?? 0, shares.length);
  const items: ShareInfoStruct[] = [];
  let used = 0;
  let next = start;
  for (; next < shares.length; next++) {
    const cost = entryCost(codec, shares[next]!);
    // Always return at least one entry, so a client with a tiny preferred length still makes progress.
    if (items.length > 0 && used + cost > req.preferedMaximumLength) break;
    used += cost;
    items.push(codec.fromShare(shares[next]!));
  }
  const more = next < shares.length;
  return {
    infoStruct: { level, container: { entriesRead: items.length, buffer: items } },
    totalEntries: shares.length,
    resumeHandle: req.resumeHandle === null ? null : more ? next : 0,
    status: more ? NetApiStatus.ERROR_MORE_DATA : NetApiStatus.NERR_Success,
  };
}

// ---- NetrShareGetInfo (MS-SRVS 3.1.4.10)

export interface NetrShareGetInfoRequest {
  serverName: string | null;
  netName: string;
  level: number;
}

export interface NetrShareGetInfoResponse {
  level: number;
  info: ShareInfoStruct | null;
  status: number;
}

export function decodeNetrShareGetInfoRequest(stub: Buffer): NetrShareGetInfoRequest {
  const r = new NdrReader(stub);
  const serverName = readServerName(r);
  const netName = r.constructed(() => r.wstring()); // [in, string] ref pointer: no referent id
  return { serverName, netName, level: r.u32() };
}

export function encodeNetrShareGetInfoRequest(v: NetrShareGetInfoRequest): Buffer {
  const w = new NdrWriter();
  writeServerName(w, v.serverName);
  w.constructed(() => w.wstring(v.netName));
  w.u32(v.level);
  return w.toBuffer();
}

export function encodeNetrShareGetInfoResponse(v: NetrShareGetInfoResponse): Buffer {
  const w = new NdrWriter();
  const codec = GET_INFO_LEVELS.get(v.level);
  w.constructed(() => {
    w.u32(v.level); // SHARE_INFO union discriminant; every arm is a pointer
    w.uniquePointer(codec ? v.info : null, (info) => codec!.write(w, info));
  });
  w.u32(v.status);
  return w.toBuffer();
}

export function decodeNetrShareGetInfoResponse(stub: Buffer): NetrShareGetInfoResponse {
  const r = new NdrReader(stub);
  const v: NetrShareGetInfoResponse = { level: 0, info: null, status: 0 };
  r.constructed(() => {
    v.level = r.u32();
    const codec = GET_INFO_LEVELS.get(v.level);
    r.uniquePointer(
      () => {
        if (!codec) throw new NdrError(`SHARE_INFO level ${v.level} not supported`);
        return codec.read(r);
      },
      (info) => (v.info = info),
    );
  });
  v.status = r.u32();
  return v;
}

export function netrShareGetInfo(req: NetrShareGetInfoRequest, ctx: RpcServerContext): NetrShareGetInfoResponse {
  const codec = GET_INFO_LEVELS.get(req.level);
  if (!codec) return { level: req.level, info: null, status: NetApiStatus.ERROR_INVALID_LEVEL };
  // Share names compare case-insensitively, as everywhere in SMB.
  const wanted = req.netName.toLowerCase();
  const share = ctx.shares().find((s) => s.name.toLowerCase() === wanted);
  if (!share) return { level: req.level, info: null, status: NetApiStatus.NERR_NetNameNotFound };
  return { level: req.level, info: codec.fromShare(share), status: NetApiStatus.NERR_Success };
}

// ---- NetrServerGetInfo (MS-SRVS 3.1.4.17) with SERVER_INFO_100 / SERVER_INFO_101

export interface ServerInfo100 {
  platformId: number;
  name: string | null;
}
export interface ServerInfo101 extends ServerInfo100 {
  versionMajor: number;
  versionMinor: number;
  type: number;
  comment: string | null;
}

export interface NetrServerGetInfoRequest {
  serverName: string | null;
  level: number;
}

export interface NetrServerGetInfoResponse {
  level: number;
  info: ServerInfo100 | ServerInfo101 | null;
  status: number;
}

export function decodeNetrServerGetInfoRequest(stub: Buffer): NetrServerGetInfoRequest {
  const r = new NdrReader(stub);
  const serverName = readServerName(r);
  return { serverName, level: r.u32() };
}

export function encodeNetrServerGetInfoResponse(v: NetrServerGetInfoResponse): Buffer {
  const w = new NdrWriter();
  const known = v.level === 100 || v.level === 101;
  w.constructed(() => {
    w.u32(v.level);
    w.uniquePointer(known ? v.info : null, (info) => {
      w.u32(info.platformId);
      writeStringPointer(w, info.name);
      if (v.level === 101) {
        const i = info as ServerInfo101;
        w.u32(i.versionMajor);
        w.u32(i.versionMinor);
        w.u32(i.type);
        writeStringPointer(w, i.comment);
      }
    });
  });
  w.u32(v.status);
  return w.toBuffer();
}

export function decodeNetrServerGetInfoResponse(stub: Buffer): NetrServerGetInfoResponse {
  const r = new NdrReader(stub);
  const v: NetrServerGetInfoResponse = { level: 0, info: null, status: 0 };
  r.constructed(() => {
    v.level = r.u32();
    r.uniquePointer(
      () => {
        if (v.level !== 100 && v.level !== 101) throw new NdrError(`SERVER_INFO level ${v.level} not supported`);
        const info: ServerInfo100 = { platformId: r.u32(), name: null };
        readStringPointer(r, (s) => (info.name = s));
        if (v.level === 100) return info;
        // Extended in place: the name's pointee is assigned into this same object later.
        const info101 = Object.assign(info, { versionMajor: r.u32(), versionMinor: r.u32(), type: r.u32(), comment: null as string | null });
        readStringPointer(r, (s) => (info101.comment = s));
        return info101;
      },
      (info) => (v.info = info),
    );
  });
  v.status = r.u32();
  return v;
}

export function netrServerGetInfo(req: NetrServerGetInfoRequest, ctx: RpcServerContext): NetrServerGetInfoResponse {
  const base: ServerInfo100 = { platformId: PLATFORM_ID_NT, name: ctx.serverName };
  if (req.level === 100) return { level: 100, info: base, status: NetApiStatus.NERR_Success };
  if (req.level === 101) {
    const info: ServerInfo101 = {
      ...base,
      versionMajor: OS_VERSION.major,
      versionMinor: OS_VERSION.minor,
      type: SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_NT | SV_TYPE_SERVER_NT,
      comment: '',
    };
    return { level: 101, info, status: NetApiStatus.NERR_Success };
  }
  return { level: req.level, info: null, status: NetApiStatus.ERROR_INVALID_LEVEL };
}

// ---- the interface

export const srvsvc: RpcInterface = {
  name: 'srvsvc',
  syntax: SRVSVC_SYNTAX,
  call(opnum, stub, ctx) {
    switch (opnum) {
      case SrvsvcOpnum.NetrShareEnum:
        return encodeNetrShareEnumResponse(netrShareEnum(decodeNetrShareEnumRequest(stub), ctx));
      case SrvsvcOpnum.NetrShareGetInfo:
        return encodeNetrShareGetInfoResponse(netrShareGetInfo(decodeNetrShareGetInfoRequest(stub), ctx));
      case SrvsvcOpnum.NetrServerGetInfo:
        return encodeNetrServerGetInfoResponse(netrServerGetInfo(decodeNetrServerGetInfoRequest(stub), ctx));
      default:
        return undefined;
    }
  },
};
