// Declarative little-endian struct codecs. A message is declared once as a field list named in the
// spec's words; decode and encode both follow from that declaration. Variable-length buffers are
// located by Offset/Length field pairs measured from the start of the SMB2 header, as MS-SMB2 2.2
// defines them, and every offset and length is checked against the message before use.

import { NtStatus, NtStatusError } from './status.ts';

export type IntKind = 'u8' | 'u16' | 'u32' | 'u64';

export type Field<T> =
  | { kind: IntKind; name: keyof T & string }
  /** A constant the peer must send (StructureSize); a mismatch is INVALID_PARAMETER (MS-SMB2 3.3.5.2.6). */
  | { kind: 'const'; width: IntKind; value: number }
  | { kind: 'reserved'; length: number }
  | { kind: 'bytes'; name: keyof T & string; length: number }
  /**
   * Offset (from header start) and length of a variable buffer property named `of`. An empty buffer's
   * offset is 0 unless `emptyAt: 'position'`, where it points where the buffer would start (as Windows
   * and Samba fill IOCTL InputOffset/OutputOffset).
   */
  | { kind: 'offset'; width: BufferFieldWidth; of: keyof T & string; emptyAt?: 'position' }
  | { kind: 'length'; width: BufferFieldWidth; of: keyof T & string };

/** READ Response (MS-SMB2 2.2.20) carries a one-byte DataOffset; the rest use 16 or 32 bits. */
export type BufferFieldWidth = 'u8' | 'u16' | 'u32';

export interface StructDeclaration<T> {
  /** "SMB2 CREATE Request" */
  title: string;
  /** "MS-SMB2 2.2.13" */
  section: string;
  fields: readonly Field<T>[];
  /** Variable buffers in the order encode appends them after the fixed part. */
  buffers: readonly (keyof T & string)[];
  /** Buffers start 8-byte aligned relative to the header when encoding (MS-SMB2 2.2.13 and others). */
  alignBuffers?: boolean;
}

const widthBytes: Record<IntKind, number> = { u8: 1, u16: 2, u32: 4, u64: 8 };

export function fixedSize<T>(decl: StructDeclaration<T>): number {
  let size = 0;
  for (const f of decl.fields) size += fieldSize(f);
  return size;
}

function fieldSize<T>(f: Field<T>): number {
  switch (f.kind) {
    case 'const':
      return widthBytes[f.width];
    case 'reserved':
    case 'bytes':
      return f.length;
    case 'offset':
    case 'length':
      return widthBytes[f.width];
    default:
      return widthBytes[f.kind];
  }
}

function readInt(buf: Buffer, pos: number, kind: IntKind): number | bigint {
  switch (kind) {
    case 'u8':
      return buf.readUInt8(pos);
    case 'u16':
      return buf.readUInt16LE(pos);
    case 'u32':
      return buf.readUInt32LE(pos);
    case 'u64':
      return buf.readBigUInt64LE(pos);
  }
}

function writeInt(buf: Buffer, pos: number, kind: IntKind, value: number | bigint): void {
  switch (kind) {
    case 'u8':
      buf.writeUInt8(Number(value), pos);
      return;
    case 'u16':
      buf.writeUInt16LE(Number(value), pos);
      return;
    case 'u32':
      buf.writeUInt32LE(Number(value), pos);
      return;
    case 'u64':
      buf.writeBigUInt64LE(BigInt(value), pos);
      return;
  }
}

export function invalidParameter(what: string): NtStatusError {
  return new NtStatusError(NtStatus.INVALID_PARAMETER, what);
}

/**
 * Decodes the body that starts at `bodyStart` of `message` (a single SMB2 message, header included).
 * Buffers are views into `message`, never copies.
 */
export function decodeStruct<T>(decl: StructDeclaration<T>, message: Buffer, bodyStart: number): T {
  const size = fixedSize(decl);
  if (message.length < bodyStart + size) throw invalidParameter(`${decl.title}: body shorter than ${size} bytes`);
  const out: Record<string, unknown> = {};
  const offsets: Record<string, number> = {};
  const lengths: Record<string, number> = {};
  let pos = bodyStart;
  for (const f of decl.fields) {
    switch (f.kind) {
      case 'const': {
        const v = readInt(message, pos, f.width);
        if (v !== f.value) throw invalidParameter(`${decl.title}: StructureSize ${v}, expected ${f.value}`);
        break;
      }
      case 'reserved':
        break;
      case 'bytes':
        out[f.name] = message.subarray(pos, pos + f.length);
        break;
      case 'offset':
        offsets[f.of] = Number(readInt(message, pos, f.width));
        break;
      case 'length':
        lengths[f.of] = Number(readInt(message, pos, f.width));
        break;
      default:
        out[f.name] = readInt(message, pos, f.kind);
    }
    pos += fieldSize(f);
  }
  for (const name of decl.buffers) {
    const length = lengths[name] ?? 0;
    if (length === 0) {
      out[name] = message.subarray(0, 0);
      continue;
    }
    const offset = offsets[name] ?? 0;
    // A buffer must lie inside the message, after the fixed part of the body.
    if (offset < bodyStart + size || offset + length > message.length) {
      throw invalidParameter(`${decl.title}: ${name} offset ${offset} length ${length} outside the message`);
    }
    out[name] = message.subarray(offset, offset + length);
  }
  return out as T;
}

/**
 * Encodes a body whose header will occupy `headerSize` bytes before it (64 for SMB2), so buffer offsets
 * come out relative to the header start. Returns the body only.
 */
export function encodeStruct<T>(decl: StructDeclaration<T>, value: T, headerSize = 64): Buffer {
  const size = fixedSize(decl);
  const v = value as Record<string, unknown>;
  const placement = new Map<string, { offset: number; length: number }>();
  let end = size;
  const positionWhenEmpty = new Set(decl.fields.flatMap((f) => (f.kind === 'offset' && f.emptyAt === 'position' ? [f.of] : [])));
  for (const name of decl.buffers) {
    const data = v[name] as Buffer | undefined;
    const length = data?.length ?? 0;
    if (length === 0) {
      placement.set(name, { offset: positionWhenEmpty.has(name) ? headerSize + end : 0, length: 0 });
      continue;
    }
    if (decl.alignBuffers) end = align8(headerSize + end) - headerSize;
    placement.set(name, { offset: headerSize + end, length });
    end += length;
  }
  const body = Buffer.alloc(end);
  let pos = 0;
  for (const f of decl.fields) {
    switch (f.kind) {
      case 'const':
        writeInt(body, pos, f.width, f.value);
        break;
      case 'reserved':
        break;
      case 'bytes': {
        const data = v[f.name] as Buffer | undefined;
        if (data) data.copy(body, pos, 0, Math.min(data.length, f.length));
        break;
      }
      case 'offset':
        writeInt(body, pos, f.width, placement.get(f.of)?.offset ?? 0);
        break;
      case 'length':
        writeInt(body, pos, f.width, placement.get(f.of)?.length ?? 0);
        break;
      default:
        writeInt(body, pos, f.kind, (v[f.name] as number | bigint | undefined) ?? 0);
    }
    pos += fieldSize(f);
  }
  for (const name of decl.buffers) {
    const p = placement.get(name)!;
    if (p.length) (v[name] as Buffer).copy(body, p.offset - headerSize);
  }
  return body;
}

export function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Bounds-checked sequential reader for the parts of messages that are lists rather than structs. */
export class Reader {
  readonly buf: Buffer;
  pos: number;
  constructor(buf: Buffer, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }
  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.buf.length) throw invalidParameter(`truncated ${what}`);
  }
  u8(what = 'u8'): number {
    this.need(1, what);
    return this.buf.readUInt8(this.pos++);
  }
  u16(what = 'u16'): number {
    this.need(2, what);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(what = 'u32'): number {
    this.need(4, what);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(what = 'u64'): bigint {
    this.need(8, what);
    const v = this.buf.readBigUInt64LE(this.pos);
    this.pos += 8;
    return v;
  }
  bytes(n: number, what = 'bytes'): Buffer {
    this.need(n, what);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  skip(n: number, what = 'padding'): void {
    this.need(n, what);
    this.pos += n;
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }
}

/** Growable little-endian writer for list-shaped payloads (negotiate contexts, create contexts). */
export class Writer {
  private buf: Buffer;
  pos = 0;
  constructor(initial = 256) {
    this.buf = Buffer.alloc(initial);
  }
  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  u8(v: number): this {
    this.ensure(1);
    this.buf.writeUInt8(v, this.pos++);
    return this;
  }
  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }
  u64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigUInt64LE(v, this.pos);
    this.pos += 8;
    return this;
  }
  bytes(b: Buffer): this {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }
  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }
  /** Pads with zeros to a multiple of 8 measured from `origin` bytes before this writer's start. */
  align8(origin = 0): this {
    return this.zeros(align8(origin + this.pos) - (origin + this.pos));
  }
  /** Overwrites a u32 already written (NextEntryOffset patching). */
  patchU32(at: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, at);
  }
  patchU16(at: number, v: number): void {
    this.buf.writeUInt16LE(v, at);
  }
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export const utf16 = {
  encode: (s: string): Buffer => Buffer.from(s, 'utf16le'),
  decode: (b: Buffer): string => b.toString('utf16le'),
};
