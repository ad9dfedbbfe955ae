// Round trips of every FSCTL codec on values of our own, their refusals of short or inconsistent input
// (always NtStatusError STATUS_INVALID_PARAMETER, never a crash), and a seeded fuzz of the decoders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeFileAllocatedRangeBuffer,
  decodeFileAllocatedRangeBuffers,
  encodeFileAllocatedRangeBuffers,
} from '../../../src/protocol/fsctl/allocated-ranges.ts';
import { decodeCompressionState, encodeCompressionState } from '../../../src/protocol/fsctl/compression.ts';
import {
  decodeSrvCopychunkCopy,
  decodeSrvCopychunkResponse,
  decodeSrvRequestResumeKeyResponse,
  encodeSrvCopychunkCopy,
  encodeSrvCopychunkResponse,
  encodeSrvRequestResumeKeyResponse,
} from '../../../src/protocol/fsctl/copychunk.ts';
import { decodeDuplicateExtentsData, encodeDuplicateExtentsData } from '../../../src/protocol/fsctl/duplicate-extents.ts';
import {
  decodeFileLevelTrim,
  decodeFileLevelTrimOutput,
  encodeFileLevelTrim,
  encodeFileLevelTrimOutput,
} from '../../../src/protocol/fsctl/file-level-trim.ts';
import { decodeFileObjectIdBuffer, encodeFileObjectIdBuffer } from '../../../src/protocol/fsctl/object-id.ts';
import { decodeFileSetSparseBuffer, encodeFileSetSparseBuffer } from '../../../src/protocol/fsctl/sparse.ts';
import { decodeFileZeroDataInformation, encodeFileZeroDataInformation } from '../../../src/protocol/fsctl/zero-data.ts';
import { NtStatus, NtStatusError } from '../../../src/protocol/status.ts';
import { xorshift32 } from '../../helpers/xorshift.ts';

const invalidParameter = (fn: () => unknown) =>
  assert.throws(fn, (e: unknown) => e instanceof NtStatusError && e.status === NtStatus.INVALID_PARAMETER);

test('SRV_COPYCHUNK_COPY round-trips and refuses ChunkCount beyond the input', () => {
  const copy = {
    sourceKey: Buffer.alloc(24, 7),
    chunks: [
      { sourceOffset: 0n, targetOffset: 1n << 40n, length: 1 },
      { sourceOffset: 0xffffffffffffffffn, targetOffset: 5n, length: 0xffffffff },
    ],
  };
  const bytes = encodeSrvCopychunkCopy(copy);
  assert.is(bytes.length, 32 + 2 * 24);
  assert.equal(decodeSrvCopychunkCopy(bytes), copy);
  invalidParameter(() => decodeSrvCopychunkCopy(bytes.subarray(0, bytes.length - 1)));
  invalidParameter(() => decodeSrvCopychunkCopy(bytes.subarray(0, 31)));
  // A huge ChunkCount with no chunks behind it is refused before anything is allocated for it.
  const huge = Buffer.from(bytes.subarray(0, 32));
  huge.writeUInt32LE(0xffffffff, 24);
  invalidParameter(() => decodeSrvCopychunkCopy(huge));
  assert.equal(decodeSrvCopychunkCopy(encodeSrvCopychunkCopy({ sourceKey: copy.sourceKey, chunks: [] })).chunks, []);
});

test('SRV_COPYCHUNK_RESPONSE and SRV_REQUEST_RESUME_KEY round-trip', () => {
  const r = { chunksWritten: 3, chunkBytesWritten: 17, totalBytesWritten: 0xffffffff };
  assert.equal(decodeSrvCopychunkResponse(encodeSrvCopychunkResponse(r)), r);
  invalidParameter(() => decodeSrvCopychunkResponse(Buffer.alloc(11)));
  const key = Buffer.from('0123456789abcdefghijklmn');
  const out = encodeSrvRequestResumeKeyResponse(key);
  assert.is(out.length, 32);
  assert.equal(decodeSrvRequestResumeKeyResponse(out), { resumeKey: key, contextLength: 0 });
  assert.throws(() => encodeSrvRequestResumeKeyResponse(Buffer.alloc(23)), RangeError);
});

test('FILE_ALLOCATED_RANGE_BUFFER and FILE_ZERO_DATA_INFORMATION carry signed 64-bit values', () => {
  const ranges = [
    { fileOffset: 0n, length: 4096n },
    { fileOffset: 0x7fffffffffffffffn, length: -1n },
  ];
  assert.equal(decodeFileAllocatedRangeBuffers(encodeFileAllocatedRangeBuffers(ranges)), ranges);
  assert.equal(decodeFileAllocatedRangeBuffer(encodeFileAllocatedRangeBuffers([ranges[1]!])), ranges[1]);
  invalidParameter(() => decodeFileAllocatedRangeBuffer(Buffer.alloc(15)));
  invalidParameter(() => decodeFileAllocatedRangeBuffers(Buffer.alloc(17)));
  assert.equal(decodeFileAllocatedRangeBuffers(Buffer.alloc(0)), []);
  const zero = { fileOffset: -5n, beyondFinalZero: 1n << 62n };
  assert.equal(decodeFileZeroDataInformation(encodeFileZeroDataInformation(zero)), zero);
  invalidParameter(() => decodeFileZeroDataInformation(Buffer.alloc(15)));
});

test('FILE_SET_SPARSE_BUFFER, COMPRESSION_STATE, FILE_OBJECTID_BUFFER', () => {
  assert.is(decodeFileSetSparseBuffer(encodeFileSetSparseBuffer(false)), false);
  assert.is(decodeFileSetSparseBuffer(encodeFileSetSparseBuffer(true)), true);
  assert.is(decodeFileSetSparseBuffer(Buffer.from([2])), true, 'any nonzero BOOLEAN is TRUE');
  assert.is(decodeCompressionState(encodeCompressionState(0x0042)), 0x0042);
  invalidParameter(() => decodeCompressionState(Buffer.alloc(1)));
  const ids = { objectId: Buffer.alloc(16, 1), birthVolumeId: Buffer.alloc(16, 2), birthObjectId: Buffer.alloc(16, 3), domainId: Buffer.alloc(16) };
  assert.equal(decodeFileObjectIdBuffer(encodeFileObjectIdBuffer(ids)), ids);
  invalidParameter(() => decodeFileObjectIdBuffer(Buffer.alloc(63)));
  assert.throws(() => encodeFileObjectIdBuffer({ ...ids, domainId: Buffer.alloc(15) }), RangeError);
});

test('SMB2_DUPLICATE_EXTENTS_DATA and FILE_LEVEL_TRIM round-trip', () => {
  const d = { sourcePersistentFileId: 1n, sourceVolatileFileId: 0xfffffffffffffff0n, sourceFileOffset: -1n, targetFileOffset: 4096n, byteCount: 1n << 33n };
  const bytes = encodeDuplicateExtentsData(d);
  assert.is(bytes.length, 40);
  assert.equal(decodeDuplicateExtentsData(bytes), d);
  invalidParameter(() => decodeDuplicateExtentsData(bytes.subarray(0, 39)));
  const trim = { key: 9, ranges: [{ offset: 0n, length: 65536n }, { offset: 1n << 50n, length: 1n }] };
  assert.equal(decodeFileLevelTrim(encodeFileLevelTrim(trim)), trim);
  invalidParameter(() => decodeFileLevelTrim(encodeFileLevelTrim(trim).subarray(0, 8 + 16 + 15)));
  invalidParameter(() => decodeFileLevelTrim(Buffer.alloc(7)));
  assert.is(decodeFileLevelTrimOutput(encodeFileLevelTrimOutput(2)), 2);
});

test('decoders given random input either decode it or throw STATUS_INVALID_PARAMETER (seed 0x5eed)', () => {
  const rng = xorshift32(0x5eed);
  const decoders = [
    decodeSrvCopychunkCopy,
    decodeSrvCopychunkResponse,
    decodeSrvRequestResumeKeyResponse,
    decodeFileAllocatedRangeBuffer,
    decodeFileAllocatedRangeBuffers,
    decodeFileZeroDataInformation,
    decodeFileSetSparseBuffer,
    decodeCompressionState,
    decodeFileObjectIdBuffer,
    decodeDuplicateExtentsData,
    decodeFileLevelTrim,
    decodeFileLevelTrimOutput,
  ];
  for (let i = 0; i < 3000; i++) {
    const input = rng.bytes(rng.below(100));
    // Counts in the first words sometimes claim more entries than follow.
    if (input.length >= 28 && rng.chance(0.3)) input.writeUInt32LE(rng.below(8), 24);
    if (input.length >= 8 && rng.chance(0.3)) input.writeUInt32LE(rng.below(8), 4);
    for (const decode of decoders) {
      try {
        decode(input);
      } catch (e) {
        assert.ok(e instanceof NtStatusError && e.status === NtStatus.INVALID_PARAMETER, `${decode.name}: ${String(e)}`);
      }
    }
  }
});

test.run();
