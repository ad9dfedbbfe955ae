// MS-SMB2 2.2.9 SMB2 TREE_CONNECT Request, its 3.1.1 extension (2.2.9.1), and 2.2.10 SMB2 TREE_CONNECT Response.

import { decodeRawContexts, encodeRawContexts, type RawContext } from '../negotiate-contexts.ts';
import { align8, decodeStruct, encodeStruct, invalidParameter, type StructDeclaration } from '../wire.ts';

/** MS-SMB2 2.2.9 Flags (3.1.1 only; the field is Reserved in earlier dialects). */
export const TreeConnectFlags = {
  CLUSTER_RECONNECT: 0x0001,
  REDIRECT_TO_OWNER: 0x0002,
  EXTENSION_PRESENT: 0x0004,
} as const;

/** MS-SMB2 2.2.9.2 ContextType */
export const TreeConnectContextType = { REMOTED_IDENTITY: 0x0001 } as const;

export interface TreeConnectRequest {
  flags: number;
  /** "\\server\share" in UTF-16LE; the extension's PathName when SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT is set. */
  path: Buffer;
  /** MS-SMB2 2.2.9.2 SMB2_TREE_CONNECT_CONTEXTs, only in the extension form. */
  treeConnectContexts: RawContext[];
}

export interface TreeConnectRequestFixed {
  flags: number;
  path: Buffer;
}

export const TreeConnectRequestDeclaration: StructDeclaration<TreeConnectRequestFixed> = {
  title: 'SMB2 TREE_CONNECT Request',
  section: 'MS-SMB2 2.2.9',
  fields: [
    { kind: 'const', width: 'u16', value: 9 },
    { kind: 'u16', name: 'flags' },
    { kind: 'offset', width: 'u16', of: 'path' },
    { kind: 'length', width: 'u16', of: 'path' },
  ],
  buffers: ['path'],
};

/** The extension form: the 2.2.9.1 extension starts the Buffer field and PathName follows it. */
export interface TreeConnectRequestExtensionFixed extends TreeConnectRequestFixed {
  /** From the start of the TREE_CONNECT request body, not from the header (MS-SMB2 2.2.9.1). */
  treeConnectContextOffset: number;
  treeConnectContextCount: number;
}

export const TreeConnectRequestExtensionDeclaration: StructDeclaration<TreeConnectRequestExtensionFixed> = {
  title: 'SMB2 TREE_CONNECT Request Extension',
  section: 'MS-SMB2 2.2.9.1',
  fields: [
    { kind: 'const', width: 'u16', value: 9 },
    { kind: 'u16', name: 'flags' },
    { kind: 'offset', width: 'u16', of: 'path' },
    { kind: 'length', width: 'u16', of: 'path' },
    { kind: 'u32', name: 'treeConnectContextOffset' },
    { kind: 'u16', name: 'treeConnectContextCount' },
    { kind: 'reserved', length: 10 },
  ],
  buffers: ['path'],
};

const EXTENSION_FIXED_SIZE = 24;

export function decodeTreeConnectRequest(message: Buffer, bodyStart = 64): TreeConnectRequest {
  const base = decodeStruct(TreeConnectRequestDeclaration, message, bodyStart);
  if ((base.flags & TreeConnectFlags.EXTENSION_PRESENT) === 0) return { ...base, treeConnectContexts: [] };
  const ext = decodeStruct(TreeConnectRequestExtensionDeclaration, message, bodyStart);
  if (ext.treeConnectContextCount === 0) return { flags: ext.flags, path: ext.path, treeConnectContexts: [] };
  if (ext.treeConnectContextOffset < EXTENSION_FIXED_SIZE) {
    const what = `TreeConnectContextOffset ${ext.treeConnectContextOffset}`;
    throw invalidParameter(`SMB2 TREE_CONNECT Request: ${what} inside the extension`);
  }
  const treeConnectContexts = decodeRawContexts(
    message,
    bodyStart + ext.treeConnectContextOffset,
    ext.treeConnectContextCount,
    'SMB2_TREE_CONNECT_CONTEXT',
  );
  return { flags: ext.flags, path: ext.path, treeConnectContexts };
}

export function encodeTreeConnectRequest(r: TreeConnectRequest): Buffer {
  const extension = (r.flags & TreeConnectFlags.EXTENSION_PRESENT) !== 0 || r.treeConnectContexts.length > 0;
  if (!extension) return encodeStruct(TreeConnectRequestDeclaration, r);
  const contexts = encodeRawContexts(r.treeConnectContexts);
  const contextOffset = r.treeConnectContexts.length > 0 ? align8(EXTENSION_FIXED_SIZE + r.path.length) : 0;
  const fixed = encodeStruct(TreeConnectRequestExtensionDeclaration, {
    flags: r.flags | TreeConnectFlags.EXTENSION_PRESENT,
    path: r.path,
    treeConnectContextOffset: contextOffset,
    treeConnectContextCount: r.treeConnectContexts.length,
  });
  if (contextOffset === 0) return fixed;
  const body = Buffer.alloc(contextOffset + contexts.length);
  fixed.copy(body);
  contexts.copy(body, contextOffset);
  return body;
}

export interface TreeConnectResponse {
  /** SMB2_SHARE_TYPE_DISK, _PIPE, _PRINT. */
  shareType: number;
  shareFlags: number;
  capabilities: number;
  maximalAccess: number;
}

export const TreeConnectResponseDeclaration: StructDeclaration<TreeConnectResponse> = {
  title: 'SMB2 TREE_CONNECT Response',
  section: 'MS-SMB2 2.2.10',
  fields: [
    { kind: 'const', width: 'u16', value: 16 },
    { kind: 'u8', name: 'shareType' },
    { kind: 'reserved', length: 1 },
    { kind: 'u32', name: 'shareFlags' },
    { kind: 'u32', name: 'capabilities' },
    { kind: 'u32', name: 'maximalAccess' },
  ],
  buffers: [],
};

export const decodeTreeConnectResponse = (message: Buffer, bodyStart = 64): TreeConnectResponse =>
  decodeStruct(TreeConnectResponseDeclaration, message, bodyStart);
export const encodeTreeConnectResponse = (r: TreeConnectResponse): Buffer =>
  encodeStruct(TreeConnectResponseDeclaration, r);
