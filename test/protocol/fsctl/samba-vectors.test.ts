// FSCTL buffers captured on the wire between smbtorture 4.17 and Samba 4.17 smbd (test/fixtures/fsctl/
// samba-4.17.json, written by test/fixtures/fsctl/capture.sh): every one our codecs know is decoded, checked
// against what the subtest asked for, and encoded again to the same bytes.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeFileAllocatedRangeBuffer,
  decodeFileAllocatedRangeBuffers,
  encodeFileAllocatedRangeBuffers,
} from '../../../src/protocol/fsctl/allocated-ranges.ts';
import { FsctlCode } from '../../../src/protocol/fsctl/codes.ts';
import { CompressionFormat, decodeCompressionState, encodeCompressionState } from '../../../src/protocol/fsctl/compression.ts';
import {
  decodeSrvCopychunkCopy,
  decodeSrvCopychunkResponse,
  decodeSrvRequestResumeKeyResponse,
  encodeSrvCopychunkCopy,
  encodeSrvCopychunkResponse,
  encodeSrvRequestResumeKeyResponse,
} from '../../../src/protocol/fsctl/copychunk.ts';
import { decodeFileObjectIdBuffer, encodeFileObjectIdBuffer } from '../../../src/protocol/fsctl/object-id.ts';
import { decodeFileSetSparseBuffer } from '../../../src/protocol/fsctl/sparse.ts';
import { decodeFileZeroDataInformation, encodeFileZeroDataInformation } from '../../../src/protocol/fsctl/zero-data.ts';
import { NtStatus } from '../../../src/protocol/status.ts';

interface Vector {
  test: string;
  ctlCode: number;
  maxOutputResponse: number;
  input: Buffer;
  status: number;
  output: Buffer | undefined;
}

const vectors: Vector[] = (
  JSON.parse(readFileSync(new URL('../../fixtures/fsctl/samba-4.17.json', import.meta.url), 'utf8')) as {
    test: string;
    ctlCode: string;
    maxOutputResponse: number;
    input: string;
    status: string;
    output: string | null;
  }[]
).map((v) => ({
  test: v.test,
  ctlCode: Number(v.ctlCode),
  maxOutputResponse: v.maxOutputResponse,
  input: Buffer.from(v.input, 'hex'),
  status: Number(v.status),
  output: v.output === null ? undefined : Buffer.from(v.output, 'hex'),
}));

const of = (ctlCode: number, testName?: string) => vectors.filter((v) => v.ctlCode === ctlCode && (!testName || v.test === testName));

test('the fixture covers every FSCTL these tests decode', () => {
  for (const code of [
    FsctlCode.FSCTL_SRV_REQUEST_RESUME_KEY,
    FsctlCode.FSCTL_SRV_COPYCHUNK,
    FsctlCode.FSCTL_QUERY_ALLOCATED_RANGES,
    FsctlCode.FSCTL_SET_ZERO_DATA,
    FsctlCode.FSCTL_SET_SPARSE,
    FsctlCode.FSCTL_GET_COMPRESSION,
    FsctlCode.FSCTL_SET_COMPRESSION,
    FsctlCode.FSCTL_CREATE_OR_GET_OBJECT_ID,
  ]) {
    assert.ok(of(code).length > 0, `no vector for 0x${code.toString(16)}`);
  }
});

test('SRV_REQUEST_RESUME_KEY responses: 24-byte key, ContextLength 0, 32 bytes in all', () => {
  for (const v of of(FsctlCode.FSCTL_SRV_REQUEST_RESUME_KEY)) {
    assert.is(v.maxOutputResponse, 32);
    const r = decodeSrvRequestResumeKeyResponse(v.output!);
    assert.is(r.contextLength, 0);
    assert.equal(encodeSrvRequestResumeKeyResponse(r.resumeKey), v.output);
  }
});

test('SRV_COPYCHUNK_COPY requests carry the key the server handed out, and round-trip', () => {
  for (const v of of(FsctlCode.FSCTL_SRV_COPYCHUNK)) {
    const copy = decodeSrvCopychunkCopy(v.input);
    const key = of(FsctlCode.FSCTL_SRV_REQUEST_RESUME_KEY, v.test)[0]!.output!.subarray(0, 24);
    assert.equal(copy.sourceKey, key, v.test);
    assert.equal(encodeSrvCopychunkCopy(copy), v.input, v.test);
  }
  const multi = decodeSrvCopychunkCopy(of(FsctlCode.FSCTL_SRV_COPYCHUNK, 'smb2.ioctl.copy_chunk_multi')[0]!.input);
  assert.equal(multi.chunks, [
    { sourceOffset: 0n, targetOffset: 0n, length: 4096 },
    { sourceOffset: 4096n, targetOffset: 4096n, length: 4096 },
  ]);
});

test('SRV_COPYCHUNK_RESPONSE: counts, limits with STATUS_INVALID_PARAMETER, progress with a failure', () => {
  const response = (name: string, i = 0) => of(FsctlCode.FSCTL_SRV_COPYCHUNK, name)[i]!;
  const ok = response('smb2.ioctl.copy_chunk_multi');
  assert.equal(decodeSrvCopychunkResponse(ok.output!), { chunksWritten: 2, chunkBytesWritten: 0, totalBytesWritten: 8192 });
  const limits = response('smb2.ioctl.copy_chunk_limits');
  assert.is(limits.status, NtStatus.INVALID_PARAMETER);
  assert.equal(decodeSrvCopychunkResponse(limits.output!), { chunksWritten: 256, chunkBytesWritten: 1024 * 1024, totalBytesWritten: 16 * 1024 * 1024 });
  const exceed = response('smb2.ioctl.copy_chunk_src_exceed_multi');
  assert.is(exceed.status, NtStatus.INVALID_VIEW_SIZE);
  assert.equal(decodeSrvCopychunkResponse(exceed.output!), { chunksWritten: 1, chunkBytesWritten: 0, totalBytesWritten: 4096 });
  const locked = response('smb2.ioctl.copy_chunk_src_lock');
  assert.is(locked.status, NtStatus.FILE_LOCK_CONFLICT);
  assert.equal(decodeSrvCopychunkResponse(locked.output!), { chunksWritten: 0, chunkBytesWritten: 0, totalBytesWritten: 0 });
  for (const v of of(FsctlCode.FSCTL_SRV_COPYCHUNK)) assert.equal(encodeSrvCopychunkResponse(decodeSrvCopychunkResponse(v.output!)), v.output);
});

test('FILE_ALLOCATED_RANGE_BUFFER: queries and replies round-trip; extra input bytes are ignored', () => {
  for (const v of of(FsctlCode.FSCTL_QUERY_ALLOCATED_RANGES)) {
    if (v.input.length >= 16) {
      const q = decodeFileAllocatedRangeBuffer(v.input);
      assert.equal(encodeFileAllocatedRangeBuffers([q]), v.input.subarray(0, 16), v.test);
    } else {
      assert.throws(() => decodeFileAllocatedRangeBuffer(v.input));
      assert.is(v.status, NtStatus.INVALID_PARAMETER, 'Samba refuses the short query too');
    }
    if (v.output) assert.equal(encodeFileAllocatedRangeBuffers(decodeFileAllocatedRangeBuffers(v.output)), v.output, v.test);
  }
  // sparse_qar_overflow: Length 0xFFFFFFFFFFFFFFFF is -1 as the signed quantity MS-FSCC defines.
  const overflow = of(FsctlCode.FSCTL_QUERY_ALLOCATED_RANGES, 'smb2.ioctl.sparse_qar_overflow')[0]!;
  assert.equal(decodeFileAllocatedRangeBuffer(overflow.input), { fileOffset: 512n, length: -1n });
  // sparse_qar_ob1, non-sparse file of 128 KiB: a query one past the end is answered up to the end.
  const ob1 = of(FsctlCode.FSCTL_QUERY_ALLOCATED_RANGES, 'smb2.ioctl.sparse_qar_ob1');
  assert.equal(decodeFileAllocatedRangeBuffer(ob1[1]!.input), { fileOffset: 0n, length: 0x20001n });
  assert.equal(decodeFileAllocatedRangeBuffers(ob1[1]!.output!), [{ fileOffset: 0n, length: 0x20000n }]);
});

test('FILE_ZERO_DATA_INFORMATION round-trips', () => {
  for (const v of of(FsctlCode.FSCTL_SET_ZERO_DATA)) assert.equal(encodeFileZeroDataInformation(decodeFileZeroDataInformation(v.input)), v.input);
  assert.equal(decodeFileZeroDataInformation(of(FsctlCode.FSCTL_SET_ZERO_DATA, 'smb2.ioctl.sparse_punch')[0]!.input), {
    fileOffset: 0n,
    beyondFinalZero: 4096n,
  });
});

test('FILE_SET_SPARSE_BUFFER: 0xFF sets, 0x00 clears, no buffer sets', () => {
  const sets = of(FsctlCode.FSCTL_SET_SPARSE, 'smb2.ioctl.sparse_set_nobuf').map((v) => decodeFileSetSparseBuffer(v.input));
  assert.equal(sets, [true, true, false]);
  assert.is(decodeFileSetSparseBuffer(of(FsctlCode.FSCTL_SET_SPARSE, 'smb2.ioctl.sparse_punch')[0]!.input), true);
});

test('COMPRESSION_STATE: Samba reports NONE, refuses DEFAULT, accepts NONE', () => {
  const get = of(FsctlCode.FSCTL_GET_COMPRESSION)[0]!;
  assert.is(decodeCompressionState(get.output!), CompressionFormat.NONE);
  assert.equal(encodeCompressionState(CompressionFormat.NONE), get.output);
  const [setDefault, setNone] = of(FsctlCode.FSCTL_SET_COMPRESSION);
  assert.is(decodeCompressionState(setDefault!.input), CompressionFormat.DEFAULT);
  assert.is(setDefault!.status, NtStatus.NOT_SUPPORTED);
  assert.is(decodeCompressionState(setNone!.input), CompressionFormat.NONE);
  assert.is(setNone!.status, NtStatus.SUCCESS);
});

test('FILE_OBJECTID_BUFFER: BirthObjectId is the ObjectId, DomainId is empty, and it round-trips', () => {
  const v = of(FsctlCode.FSCTL_CREATE_OR_GET_OBJECT_ID)[0]!;
  assert.is(v.test, 'smb2.compound.related3');
  const ids = decodeFileObjectIdBuffer(v.output!);
  assert.equal(ids.birthObjectId, ids.objectId);
  assert.equal(ids.domainId, Buffer.alloc(16));
  assert.equal(encodeFileObjectIdBuffer(ids), v.output);
});

test.run();
