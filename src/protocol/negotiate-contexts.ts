// MS-SMB2 2.2.3.1 and 2.2.4.1: the negotiate context list of SMB 3.1.1 NEGOTIATE requests and responses.
// Each context is ContextType (2), DataLength (2), Reserved (4) and Data; each one after the first starts
// 8-byte aligned. Known context types decode into typed objects named after the spec's ContextType values;
// unknown ones are kept raw so a server can ignore them, as MS-SMB2 3.3.5.4 requires.

import { NegotiateContextType } from './constants.ts';
import { align8, invalidParameter, Reader, utf16, Writer } from './wire.ts';

/** MS-SMB2 2.2.3.1.1 */
export interface PreauthIntegrityCapabilities {
  type: 'PREAUTH_INTEGRITY_CAPABILITIES';
  hashAlgorithms: number[];
  salt: Buffer;
}

/** MS-SMB2 2.2.3.1.2 */
export interface EncryptionCapabilities {
  type: 'ENCRYPTION_CAPABILITIES';
  ciphers: number[];
}

/** MS-SMB2 2.2.3.1.3 */
export interface CompressionCapabilities {
  type: 'COMPRESSION_CAPABILITIES';
  /** SMB2_COMPRESSION_CAPABILITIES_FLAG_CHAINED */
  flags: number;
  compressionAlgorithms: number[];
}

/** MS-SMB2 2.2.3.1.4: the server name the client connected to. */
export interface NetnameNegotiateContextId {
  type: 'NETNAME_NEGOTIATE_CONTEXT_ID';
  netName: string;
}

/** MS-SMB2 2.2.3.1.5 */
export interface TransportCapabilities {
  type: 'TRANSPORT_CAPABILITIES';
  /** SMB2_ACCEPT_TRANSPORT_LEVEL_SECURITY */
  flags: number;
}

/** MS-SMB2 2.2.3.1.6 */
export interface RdmaTransformCapabilities {
  type: 'RDMA_TRANSFORM_CAPABILITIES';
  rdmaTransformIds: number[];
}

/** MS-SMB2 2.2.3.1.7 */
export interface SigningCapabilities {
  type: 'SIGNING_CAPABILITIES';
  signingAlgorithms: number[];
}

/** A context type this codec does not know, kept as received. */
export interface UnknownNegotiateContext {
  type: 'UNKNOWN';
  contextType: number;
  data: Buffer;
}

export type NegotiateContext =
  | PreauthIntegrityCapabilities
  | EncryptionCapabilities
  | CompressionCapabilities
  | NetnameNegotiateContextId
  | TransportCapabilities
  | RdmaTransformCapabilities
  | SigningCapabilities
  | UnknownNegotiateContext;

/** A context as it is on the wire: the same shape serves the tree connect contexts of MS-SMB2 2.2.9.2. */
export interface RawContext {
  contextType: number;
  data: Buffer;
}

/**
 * Reads `count` contexts starting at `offset` of `message`. Alignment is measured from the start of
 * `message`, which is the SMB2 header, the origin of every offset in MS-SMB2 2.2. Data are views.
 */
export function decodeRawContexts(message: Buffer, offset: number, count: number, what: string): RawContext[] {
  const r = new Reader(message, offset);
  const contexts: RawContext[] = [];
  for (let i = 0; i < count; i++) {
    // The last context needs no padding after it; every other one is followed by padding to 8.
    if (i > 0) r.skip(align8(r.pos) - r.pos, `${what} padding`);
    const contextType = r.u16(`${what} ContextType`);
    const dataLength = r.u16(`${what} DataLength`);
    r.skip(4, `${what} Reserved`);
    contexts.push({ contextType, data: r.bytes(dataLength, `${what} Data`) });
  }
  return contexts;
}

/** Encodes contexts back to back with 8-byte alignment between them; place the result 8-byte aligned. */
export function encodeRawContexts(contexts: readonly RawContext[]): Buffer {
  const w = new Writer();
  contexts.forEach((c, i) => {
    if (i > 0) w.align8();
    w.u16(c.contextType).u16(c.data.length).zeros(4).bytes(c.data);
  });
  return w.finish();
}

function u16Array(r: Reader, count: number, what: string): number[] {
  // The count must fit the data: checked before the loop so a large count costs nothing.
  if (count * 2 > r.remaining) throw invalidParameter(`${what}: ${count} entries do not fit in DataLength`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(r.u16(what));
  return out;
}

/**
 * Interprets one context's Data. A count that claims more than DataLength holds is INVALID_PARAMETER.
 * Bytes after the counted entries are tolerated: Linux clients pad the compression context (cifs
 * smb2_compression_capabilities_context carries a trailing Pad to a multiple of 8).
 */
export function decodeNegotiateContext(raw: RawContext): NegotiateContext {
  const r = new Reader(raw.data);
  switch (raw.contextType) {
    case NegotiateContextType.PREAUTH_INTEGRITY_CAPABILITIES: {
      const what = 'SMB2_PREAUTH_INTEGRITY_CAPABILITIES';
      const hashAlgorithmCount = r.u16(what);
      const saltLength = r.u16(what);
      const hashAlgorithms = u16Array(r, hashAlgorithmCount, `${what} HashAlgorithms`);
      return { type: 'PREAUTH_INTEGRITY_CAPABILITIES', hashAlgorithms, salt: r.bytes(saltLength, `${what} Salt`) };
    }
    case NegotiateContextType.ENCRYPTION_CAPABILITIES: {
      const what = 'SMB2_ENCRYPTION_CAPABILITIES';
      return { type: 'ENCRYPTION_CAPABILITIES', ciphers: u16Array(r, r.u16(what), `${what} Ciphers`) };
    }
    case NegotiateContextType.COMPRESSION_CAPABILITIES: {
      const what = 'SMB2_COMPRESSION_CAPABILITIES';
      const count = r.u16(what);
      r.skip(2, `${what} Padding`);
      const flags = r.u32(`${what} Flags`);
      return {
        type: 'COMPRESSION_CAPABILITIES',
        flags,
        compressionAlgorithms: u16Array(r, count, `${what} CompressionAlgorithms`),
      };
    }
    case NegotiateContextType.NETNAME_NEGOTIATE_CONTEXT_ID:
      return { type: 'NETNAME_NEGOTIATE_CONTEXT_ID', netName: utf16.decode(raw.data) };
    case NegotiateContextType.TRANSPORT_CAPABILITIES:
      return { type: 'TRANSPORT_CAPABILITIES', flags: r.u32('SMB2_TRANSPORT_CAPABILITIES Flags') };
    case NegotiateContextType.RDMA_TRANSFORM_CAPABILITIES: {
      const what = 'SMB2_RDMA_TRANSFORM_CAPABILITIES';
      const count = r.u16(what);
      r.skip(6, `${what} Reserved`);
      return { type: 'RDMA_TRANSFORM_CAPABILITIES', rdmaTransformIds: u16Array(r, count, `${what} RDMATransformIds`) };
    }
    case NegotiateContextType.SIGNING_CAPABILITIES: {
      const what = 'SMB2_SIGNING_CAPABILITIES';
      return { type: 'SIGNING_CAPABILITIES', signingAlgorithms: u16Array(r, r.u16(what), `${what} SigningAlgorithms`) };
    }
    default:
      return { type: 'UNKNOWN', contextType: raw.contextType, data: raw.data };
  }
}

function u16List(values: readonly number[]): Writer {
  const w = new Writer(2 + values.length * 2).u16(values.length);
  for (const v of values) w.u16(v);
  return w;
}

export function encodeNegotiateContext(c: NegotiateContext): RawContext {
  switch (c.type) {
    case 'PREAUTH_INTEGRITY_CAPABILITIES': {
      const w = new Writer().u16(c.hashAlgorithms.length).u16(c.salt.length);
      for (const h of c.hashAlgorithms) w.u16(h);
      return { contextType: NegotiateContextType.PREAUTH_INTEGRITY_CAPABILITIES, data: w.bytes(c.salt).finish() };
    }
    case 'ENCRYPTION_CAPABILITIES':
      return { contextType: NegotiateContextType.ENCRYPTION_CAPABILITIES, data: u16List(c.ciphers).finish() };
    case 'COMPRESSION_CAPABILITIES': {
      const w = new Writer().u16(c.compressionAlgorithms.length).zeros(2).u32(c.flags);
      for (const a of c.compressionAlgorithms) w.u16(a);
      return { contextType: NegotiateContextType.COMPRESSION_CAPABILITIES, data: w.finish() };
    }
    case 'NETNAME_NEGOTIATE_CONTEXT_ID':
      return { contextType: NegotiateContextType.NETNAME_NEGOTIATE_CONTEXT_ID, data: utf16.encode(c.netName) };
    case 'TRANSPORT_CAPABILITIES':
      return { contextType: NegotiateContextType.TRANSPORT_CAPABILITIES, data: new Writer(4).u32(c.flags).finish() };
    case 'RDMA_TRANSFORM_CAPABILITIES': {
      const w = new Writer().u16(c.rdmaTransformIds.length).zeros(6);
      for (const id of c.rdmaTransformIds) w.u16(id);
      return { contextType: NegotiateContextType.RDMA_TRANSFORM_CAPABILITIES, data: w.finish() };
    }
    case 'SIGNING_CAPABILITIES':
      return { contextType: NegotiateContextType.SIGNING_CAPABILITIES, data: u16List(c.signingAlgorithms).finish() };
    case 'UNKNOWN':
      return { contextType: c.contextType, data: c.data };
  }
}

/** Decodes NegotiateContextCount contexts at NegotiateContextOffset (both from the NEGOTIATE message). */
export function decodeNegotiateContexts(message: Buffer, offset: number, count: number): NegotiateContext[] {
  return decodeRawContexts(message, offset, count, 'SMB2_NEGOTIATE_CONTEXT').map(decodeNegotiateContext);
}

/** Encodes a NegotiateContextList; it must be placed at an 8-byte aligned offset from the header. */
export function encodeNegotiateContexts(contexts: readonly NegotiateContext[]): Buffer {
  return encodeRawContexts(contexts.map(encodeNegotiateContext));
}
