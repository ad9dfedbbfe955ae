// Structure-aware mutations of SMB2 requests for fuzzing a server: each takes a well-formed message (header
// included) and returns a damaged copy, aiming at what decoders trust: StructureSize, Offset/Length pairs,
// NextCommand, header fields, FileIds, and the message length itself.

import { HeaderFlags, SMB2_HEADER_SIZE } from '../../src/protocol/constants.ts';
import { align8 } from '../../src/protocol/wire.ts';
import type { Rng } from './xorshift.ts';

export interface Mutation {
  name: string;
  apply(message: Buffer, rng: Rng): Buffer;
}

/** Values that break length and offset arithmetic: around zero, the message size, and the type limits. */
function interesting(rng: Rng, length: number, width: 2 | 4): number {
  const max = width === 2 ? 0xffff : 0xffffffff;
  const candidates = [0, 1, 2, 7, 8, 63, 64, 65, length - 1, length, length + 1, length + 8, length - SMB2_HEADER_SIZE, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff, 0x00ffffff, 0x00800000];
  const v = rng.chance(0.85) ? rng.pick(candidates) : rng.u32();
  return Math.min(Math.max(v, 0), max) >>> 0;
}

function write(out: Buffer, at: number, width: 1 | 2 | 4 | 8, value: number | bigint): void {
  if (at + width > out.length) return;
  if (width === 1) out.writeUInt8(Number(value) & 0xff, at);
  else if (width === 2) out.writeUInt16LE(Number(value) & 0xffff, at);
  else if (width === 4) out.writeUInt32LE(Number(value) >>> 0, at);
  else out.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value)), at);
}

// Reads that tolerate a message already cut short by an earlier mutation.
const read32 = (b: Buffer, at: number): number => (at + 4 <= b.length ? b.readUInt32LE(at) : 0);
const read64 = (b: Buffer, at: number): bigint => (at + 8 <= b.length ? b.readBigUInt64LE(at) : 0n);

/** An offset inside the body, aligned to `width` relative to the header as every SMB2 field is. */
function bodyOffset(rng: Rng, length: number, width: number): number {
  const span = Math.max(0, Math.min(length, SMB2_HEADER_SIZE + 96) - SMB2_HEADER_SIZE - width);
  return SMB2_HEADER_SIZE + Math.floor(rng.below(span + 1) / width) * width;
}

const FLAG_BITS = [
  HeaderFlags.SERVER_TO_REDIR,
  HeaderFlags.ASYNC_COMMAND,
  HeaderFlags.RELATED_OPERATIONS,
  HeaderFlags.SIGNED,
  HeaderFlags.DFS_OPERATIONS,
  HeaderFlags.REPLAY_OPERATION,
  HeaderFlags.PRIORITY_MASK,
  0x00010000,
  0x80000000,
];

export const mutations: readonly Mutation[] = [
  {
    name: 'flip bytes',
    apply(m, rng) {
      const out = Buffer.from(m);
      const inBody = out.length > SMB2_HEADER_SIZE && rng.chance(0.6);
      const n = 1 + rng.below(8);
      for (let i = 0; i < n; i++) {
        const at = inBody ? SMB2_HEADER_SIZE + rng.below(out.length - SMB2_HEADER_SIZE) : rng.below(out.length);
        out[at] = out[at]! ^ (1 + rng.below(255));
      }
      return out;
    },
  },
  {
    name: 'truncate',
    apply: (m, rng) => Buffer.from(m.subarray(0, rng.chance(0.5) ? SMB2_HEADER_SIZE + rng.below(Math.max(1, m.length - SMB2_HEADER_SIZE)) : rng.below(m.length))),
  },
  {
    name: 'append bytes',
    apply: (m, rng) => Buffer.concat([m, rng.chance(0.5) ? Buffer.alloc(1 + rng.below(64)) : rng.bytes(1 + rng.below(256))]),
  },
  {
    name: 'offset or length field',
    apply(m, rng) {
      const out = Buffer.from(m);
      const width = rng.chance(0.5) ? 2 : 4;
      write(out, bodyOffset(rng, out.length, width), width, interesting(rng, out.length, width));
      return out;
    },
  },
  {
    name: 'StructureSize',
    apply(m, rng) {
      const out = Buffer.from(m);
      if (out.length < SMB2_HEADER_SIZE + 2) return out;
      const size = out.readUInt16LE(SMB2_HEADER_SIZE);
      const value = rng.pick([0, 1, size - 1, size + 1, size ^ 1, size * 2, 0xffff, rng.below(0x10000)]);
      write(out, SMB2_HEADER_SIZE, 2, value);
      return out;
    },
  },
  {
    name: 'NextCommand',
    apply(m, rng) {
      const out = Buffer.from(m);
      // Pointing into its own body, exactly at or past the end, unaligned, and values that wrap in 32-bit
      // arithmetic to point backwards.
      const value = rng.pick([8, 1, 63, 64, 72, align8(out.length), out.length + 8, out.length - 1, 0x7ffffff8, 0xfffffff8, 0xffffffc0, rng.u32()]);
      write(out, 20, 4, value);
      return out;
    },
  },
  {
    name: 'header field',
    apply(m, rng) {
      const out = Buffer.from(m);
      switch (rng.below(9)) {
        case 0:
          write(out, 12, 2, rng.chance(0.7) ? rng.below(0x14) : rng.pick([0x0013, 0x0014, 0x0072, 0xfffe, 0xffff])); // Command
          break;
        case 1:
          write(out, 16, 4, read32(out, 16) ^ rng.pick(FLAG_BITS)); // Flags
          break;
        case 2:
          write(out, 6, 2, rng.pick([0, 2, 3, 64, 128, 0x7fff, 0xffff])); // CreditCharge
          break;
        case 3:
          write(out, 14, 2, rng.pick([0, 0xffff, rng.below(0x10000)])); // CreditRequest
          break;
        case 4:
          write(out, 24, 8, rng.pick([0n, 0xffffffffffffffffn, read64(out, 24) + 1n, read64(out, 24) - 1n, BigInt(rng.u32())])); // MessageId
          break;
        case 5:
          write(out, 36, 4, rng.pick([0, 0xffffffff, read32(out, 36) + 1, rng.u32()])); // TreeId
          break;
        case 6:
          write(out, 40, 8, rng.pick([0n, 0xffffffffffffffffn, read64(out, 40) ^ 1n, BigInt(rng.u32())])); // SessionId
          break;
        case 7:
          write(out, 8, 4, rng.u32()); // ChannelSequence/Status
          break;
        default:
          write(out, 4, 2, rng.pick([0, 63, 65, 0xffff])); // header StructureSize
      }
      return out;
    },
  },
  {
    name: 'FileId',
    apply(m, rng) {
      const out = Buffer.from(m);
      const at = bodyOffset(rng, out.length, 8);
      write(out, at, 8, rng.pick([0n, 0xffffffffffffffffn, BigInt(rng.u32()), read64(out, at) + 1n]));
      return out;
    },
  },
  {
    name: 'huge length',
    apply(m, rng) {
      const out = Buffer.from(m);
      write(out, bodyOffset(rng, out.length, 4), 4, rng.pick([0xffffffff, 0x7fffffff, 0x80000000, 0x00ffffff, 0x01000000, 0x10000000]));
      return out;
    },
  },
];

export function mutate(message: Buffer, rng: Rng): { name: string; bytes: Buffer } {
  const m = rng.pick(mutations);
  return { name: m.name, bytes: m.apply(message, rng) };
}

/**
 * A compound chain (MS-SMB2 3.2.4.1.4): each member but the last padded to 8 bytes with NextCommand set;
 * members after the first marked related with probability `relatedChance`.
 */
export function compound(messages: readonly Buffer[], rng: Rng, relatedChance = 0.5): Buffer {
  const parts: Buffer[] = [];
  messages.forEach((message, i) => {
    const last = i === messages.length - 1;
    const length = last ? message.length : align8(message.length);
    const member = Buffer.alloc(length);
    message.copy(member);
    if (!last) write(member, 20, 4, length);
    if (i > 0 && rng.chance(relatedChance)) write(member, 16, 4, read32(member, 16) | HeaderFlags.RELATED_OPERATIONS);
    parts.push(member);
  });
  return Buffer.concat(parts);
}
