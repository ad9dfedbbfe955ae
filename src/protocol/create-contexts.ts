// MS-SMB2 2.2.13.2 SMB2_CREATE_CONTEXT: the list carried in the CreateContexts buffer of CREATE requests and
// responses (2.2.14.2). Each context's Next, NameOffset and DataOffset are measured from the start of that
// context; contexts, names and data start 8-byte aligned. Also the typed response contexts the server
// builds most: MxAc (2.2.14.2.5) and QFid (2.2.14.2.9).

import { decodeStruct, encodeStruct, invalidParameter, Writer, type StructDeclaration } from './wire.ts';

/**
 * MS-SMB2 2.2.13.2 names. Most are four ASCII characters; a few are 16-byte GUIDs, held here (and in
 * decoded contexts) as latin1 strings so every name is a string that maps back to its bytes unchanged.
 */
export const CreateContextName = {
  EA_BUFFER: 'ExtA',
  SD_BUFFER: 'SecD',
  DURABLE_HANDLE_REQUEST: 'DHnQ',
  DURABLE_HANDLE_RECONNECT: 'DHnC',
  ALLOCATION_SIZE: 'AlSi',
  QUERY_MAXIMAL_ACCESS: 'MxAc',
  TIMEWARP_TOKEN: 'TWrp',
  QUERY_ON_DISK_ID: 'QFid',
  REQUEST_LEASE: 'RqLs',
  DURABLE_HANDLE_REQUEST_V2: 'DH2Q',
  DURABLE_HANDLE_RECONNECT_V2: 'DH2C',
  APP_INSTANCE_ID: Buffer.from('45bca66aefa7f74a9008fa462e144d74', 'hex').toString('latin1'),
  APP_INSTANCE_VERSION: Buffer.from('b982d0b73b56074fa07b524a8116a010', 'hex').toString('latin1'),
  SVHDX_OPEN_DEVICE_CONTEXT: Buffer.from('9ccbcf9e04c1e643980e158da1f6ec83', 'hex').toString('latin1'),
} as const;

export interface CreateContext {
  /** The tag ("MxAc"), as latin1 so binary GUID names survive too. */
  name: string;
  data: Buffer;
}

/** One context as the wire has it, offsets relative to the context start. */
export interface CreateContextWire {
  next: number;
  name: Buffer;
  data: Buffer;
}

export const CreateContextDeclaration: StructDeclaration<CreateContextWire> = {
  title: 'SMB2_CREATE_CONTEXT',
  section: 'MS-SMB2 2.2.13.2',
  fields: [
    { kind: 'u32', name: 'next' },
    { kind: 'offset', width: 'u16', of: 'name' },
    { kind: 'length', width: 'u16', of: 'name' },
    { kind: 'reserved', length: 2 },
    { kind: 'offset', width: 'u16', of: 'data' },
    { kind: 'length', width: 'u32', of: 'data' },
  ],
  buffers: ['name', 'data'],
  alignBuffers: true,
};

const CONTEXT_HEADER_SIZE = 16;

/**
 * Decodes the CreateContexts buffer (a view located by CreateContextsOffset/Length). Names and data are
 * views into it. Next must move forward by a multiple of 8 and stay inside the buffer, and each name and
 * data must lie inside its own context: anything else is INVALID_PARAMETER (MS-SMB2 3.3.5.9).
 */
export function decodeCreateContexts(buffer: Buffer): CreateContext[] {
  const contexts: CreateContext[] = [];
  let pos = 0;
  while (pos < buffer.length) {
    if (buffer.length - pos < CONTEXT_HEADER_SIZE) throw invalidParameter('SMB2_CREATE_CONTEXT: truncated header');
    const next = buffer.readUInt32LE(pos);
    if (next !== 0 && (next < CONTEXT_HEADER_SIZE || next % 8 !== 0 || next > buffer.length - pos)) {
      throw invalidParameter(`SMB2_CREATE_CONTEXT: Next ${next} at ${pos} is not a forward 8-byte aligned offset`);
    }
    const end = next === 0 ? buffer.length : pos + next;
    const c = decodeStruct(CreateContextDeclaration, buffer.subarray(pos, end), 0);
    if (c.name.length === 0) throw invalidParameter('SMB2_CREATE_CONTEXT: empty name');
    contexts.push({ name: c.name.toString('latin1'), data: c.data });
    if (next === 0) break;
    pos = end;
  }
  return contexts;
}

/** Encodes a list for a CREATE response (or request): each context padded to 8 and chained by Next. */
export function encodeCreateContexts(contexts: readonly CreateContext[]): Buffer {
  const w = new Writer();
  contexts.forEach((c, i) => {
    const start = w.pos;
    w.bytes(encodeStruct(CreateContextDeclaration, { next: 0, name: Buffer.from(c.name, 'latin1'), data: c.data }, 0));
    if (i < contexts.length - 1) {
      w.align8();
      w.patchU32(start, w.pos - start);
    }
  });
  return w.finish();
}

/** MS-SMB2 2.2.14.2.5 SMB2_CREATE_QUERY_MAXIMAL_ACCESS_RESPONSE */
export interface QueryMaximalAccessResponse {
  /** An NTSTATUS; MaximalAccess is meaningful only when it is STATUS_SUCCESS. */
  queryStatus: number;
  maximalAccess: number;
}

export const QueryMaximalAccessResponseDeclaration: StructDeclaration<QueryMaximalAccessResponse> = {
  title: 'SMB2_CREATE_QUERY_MAXIMAL_ACCESS_RESPONSE',
  section: 'MS-SMB2 2.2.14.2.5',
  fields: [
    { kind: 'u32', name: 'queryStatus' },
    { kind: 'u32', name: 'maximalAccess' },
  ],
  buffers: [],
};

export const decodeQueryMaximalAccessResponse = (data: Buffer): QueryMaximalAccessResponse =>
  decodeStruct(QueryMaximalAccessResponseDeclaration, data, 0);
export const encodeQueryMaximalAccessResponse = (r: QueryMaximalAccessResponse): Buffer =>
  encodeStruct(QueryMaximalAccessResponseDeclaration, r, 0);

/** MS-SMB2 2.2.14.2.9 SMB2_CREATE_QUERY_ON_DISK_ID: a 32-byte blob, two 64-bit identifiers and 16 reserved bytes. */
export interface QueryOnDiskIdResponse {
  diskFileId: bigint;
  volumeId: bigint;
}

export const QueryOnDiskIdResponseDeclaration: StructDeclaration<QueryOnDiskIdResponse> = {
  title: 'SMB2_CREATE_QUERY_ON_DISK_ID',
  section: 'MS-SMB2 2.2.14.2.9',
  fields: [
    { kind: 'u64', name: 'diskFileId' },
    { kind: 'u64', name: 'volumeId' },
    { kind: 'reserved', length: 16 },
  ],
  buffers: [],
};

export const decodeQueryOnDiskIdResponse = (data: Buffer): QueryOnDiskIdResponse =>
  decodeStruct(QueryOnDiskIdResponseDeclaration, data, 0);
export const encodeQueryOnDiskIdResponse = (r: QueryOnDiskIdResponse): Buffer =>
  encodeStruct(QueryOnDiskIdResponseDeclaration, r, 0);
