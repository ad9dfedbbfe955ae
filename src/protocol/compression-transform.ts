// MS-SMB2 2.2.42 SMB2 COMPRESSION_TRANSFORM_HEADER, unchained (2.2.42.1) and chained (2.2.42.2):
// the header is parsed and its sizes checked here; decompression happens elsewhere.

import { CompressionAlgorithm, ProtocolId } from './constants.ts';
import { ProtocolViolation } from './status.ts';

/** MS-SMB2 2.2.42 Flags: which of the two header forms this is (and 2.2.42.2.1 payload header Flags). */
export const CompressionFlags = { NONE: 0x0000, CHAINED: 0x0001 } as const;

export const COMPRESSION_TRANSFORM_UNCHAINED_SIZE = 16;
/** ProtocolId and OriginalCompressedSegmentSize, after which the chained payload headers start. */
const CHAINED_PREFIX_SIZE = 8;
/** MS-SMB2 2.2.42.2.1 without its optional OriginalPayloadSize. */
const PAYLOAD_HEADER_SIZE = 8;
/** MS-SMB2 2.2.42.2.2 SMB2_COMPRESSION_PATTERN_PAYLOAD_V1: Pattern, Reserved1, Reserved2, Repetitions. */
const PATTERN_PAYLOAD_SIZE = 8;

/** Algorithms whose payload carries OriginalPayloadSize (2.2.42.2.1) and that may be used unchained (2.2.42.1). */
const SIZED_ALGORITHMS: ReadonlySet<number> = new Set([
  CompressionAlgorithm.LZNT1,
  CompressionAlgorithm.LZ77,
  CompressionAlgorithm.LZ77_HUFFMAN,
  CompressionAlgorithm.LZ4,
]);

export interface UnchainedCompressionTransform {
  chained: false;
  /** The size of the data segment once decompressed (the Offset prefix not included). */
  originalCompressedSegmentSize: number;
  compressionAlgorithm: number;
  /** Offset: how many bytes after the header are sent uncompressed, ahead of the compressed segment. */
  offset: number;
  /** View of the `offset` uncompressed bytes. */
  uncompressedData: Buffer;
  /** View of the compressed segment. */
  compressedData: Buffer;
}

export interface CompressionPayload {
  compressionAlgorithm: number;
  /** CHAINED on the first payload; later payloads' Flags are carried but not interpreted. */
  flags: number;
  /** Bytes this payload expands to: Length for NONE, Repetitions for PATTERN_V1, else OriginalPayloadSize. */
  originalPayloadSize: number;
  /** View of the payload after its header (and after OriginalPayloadSize when present); for
   *  PATTERN_V1 the 8-byte SMB2_COMPRESSION_PATTERN_PAYLOAD_V1. */
  data: Buffer;
}

export interface ChainedCompressionTransform {
  chained: true;
  /** The size of the whole message once every payload is expanded. */
  originalCompressedSegmentSize: number;
  payloads: CompressionPayload[];
}

export type CompressionTransform = UnchainedCompressionTransform | ChainedCompressionTransform;

/**
 * Parses the compression transform header of `frame` (a whole transport frame starting with 0xFC "SMB").
 * Payload data are views into `frame`. The sizes the payloads announce are checked against
 * OriginalCompressedSegmentSize, so a caller can bound its allocation before decompressing anything.
 * Throws ProtocolViolation for any malformed header.
 */
export function decodeCompressionTransform(frame: Buffer): CompressionTransform {
  if (frame.length < COMPRESSION_TRANSFORM_UNCHAINED_SIZE) {
    throw new ProtocolViolation(`compressed frame of ${frame.length} bytes is shorter than a compression transform header`);
  }
  if (frame.readUInt32LE(0) !== ProtocolId.COMPRESSION) {
    throw new ProtocolViolation('compression transform header does not start with 0xFC "SMB"');
  }
  // MS-SMB2 2.2.42: the Flags at offset 10 tell the forms apart; in the chained form they are the
  // first payload header's Flags.
  const flags = frame.readUInt16LE(10);
  if (flags === CompressionFlags.NONE) return decodeUnchained(frame);
  if (flags === CompressionFlags.CHAINED) return decodeChained(frame);
  throw new ProtocolViolation(`compression transform Flags 0x${flags.toString(16)} is neither NONE nor CHAINED`);
}

function decodeUnchained(frame: Buffer): UnchainedCompressionTransform {
  const originalCompressedSegmentSize = frame.readUInt32LE(4);
  const compressionAlgorithm = frame.readUInt16LE(8);
  const offset = frame.readUInt32LE(12);
  // MS-SMB2 2.2.42.1: any algorithm but NONE; PATTERN_V1 exists only as a chained payload.
  if (!SIZED_ALGORITHMS.has(compressionAlgorithm)) {
    throw new ProtocolViolation(`unchained compression with algorithm 0x${compressionAlgorithm.toString(16)}`);
  }
  const dataStart = COMPRESSION_TRANSFORM_UNCHAINED_SIZE + offset;
  if (dataStart > frame.length) {
    throw new ProtocolViolation(`compression Offset ${offset} runs past the ${frame.length}-byte frame`);
  }
  return {
    chained: false,
    originalCompressedSegmentSize,
    compressionAlgorithm,
    offset,
    uncompressedData: frame.subarray(COMPRESSION_TRANSFORM_UNCHAINED_SIZE, dataStart),
    compressedData: frame.subarray(dataStart),
  };
}

function decodeChained(frame: Buffer): ChainedCompressionTransform {
  const originalCompressedSegmentSize = frame.readUInt32LE(4);
  const payloads: CompressionPayload[] = [];
  let expanded = 0;
  let pos = CHAINED_PREFIX_SIZE;
  while (pos < frame.length) {
    if (frame.length - pos < PAYLOAD_HEADER_SIZE) {
      throw new ProtocolViolation(`truncated compression payload header at offset ${pos}`);
    }
    const compressionAlgorithm = frame.readUInt16LE(pos);
    const flags = frame.readUInt16LE(pos + 2);
    const length = frame.readUInt32LE(pos + 4);
    const start = pos + PAYLOAD_HEADER_SIZE;
    if (length > frame.length - start) {
      throw new ProtocolViolation(`compression payload Length ${length} at offset ${pos} runs past the frame`);
    }
    const body = frame.subarray(start, start + length);

    let originalPayloadSize: number;
    let data: Buffer;
    if (compressionAlgorithm === CompressionAlgorithm.NONE) {
      originalPayloadSize = length;
      data = body;
    } else if (compressionAlgorithm === CompressionAlgorithm.PATTERN_V1) {
      if (length !== PATTERN_PAYLOAD_SIZE) {
        throw new ProtocolViolation(`Pattern_V1 payload Length ${length}, expected ${PATTERN_PAYLOAD_SIZE}`);
      }
      originalPayloadSize = body.readUInt32LE(4);
      data = body;
    } else if (SIZED_ALGORITHMS.has(compressionAlgorithm)) {
      // 2.2.42.2.1: Length includes the 4-byte OriginalPayloadSize that starts the payload.
      if (length < 4) throw new ProtocolViolation(`compressed payload Length ${length} cannot hold OriginalPayloadSize`);
      originalPayloadSize = body.readUInt32LE(0);
      data = body.subarray(4);
    } else {
      throw new ProtocolViolation(`chained compression payload with algorithm 0x${compressionAlgorithm.toString(16)}`);
    }

    expanded += originalPayloadSize;
    if (expanded > originalCompressedSegmentSize) {
      throw new ProtocolViolation(`compression payloads expand past OriginalCompressedSegmentSize ${originalCompressedSegmentSize}`);
    }
    payloads.push({ compressionAlgorithm, flags, originalPayloadSize, data });
    pos = start + length;
  }
  if (expanded !== originalCompressedSegmentSize) {
    throw new ProtocolViolation(
      `compression payloads expand to ${expanded} bytes, OriginalCompressedSegmentSize says ${originalCompressedSegmentSize}`,
    );
  }
  return { chained: true, originalCompressedSegmentSize, payloads };
}
