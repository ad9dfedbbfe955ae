// The FSCTLs for file data, driven by impacket (a client we did not write, test/integration/fsctl-client.py):
// against the smb3d daemon over the POSIX driver, and against an in-process server over two MemoryDriver
// shares, whose driver keeps holes and clones blocks.
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StaticIdentityProvider } from '../../src/auth/static-identities.ts';
import { MemoryDriver } from '../../src/ios/memory/driver.ts';
import { decodeFileObjectIdBuffer } from '../../src/protocol/fsctl/object-id.ts';
import { createServer, type SmbServer } from '../../src/server/server.ts';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

const SCRIPT = fileURLToPath(new URL('./fsctl-client.py', import.meta.url));

interface Call {
  status: string;
  output: string | null;
}

interface Report {
  calls: Record<string, Call>;
  facts: Record<string, boolean | number>;
}

async function client(port: number, scenario: string): Promise<Report> {
  const r = await run('/usr/bin/python3', [SCRIPT, String(port), 'alice', 'secret', scenario]);
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Report;
}

function expectStatus({ calls }: Report, expected: Record<string, string>): void {
  for (const [name, status] of Object.entries(expected)) assert.is(calls[name]?.status, status, `${name}: ${JSON.stringify(calls[name])}`);
}

const output = ({ calls }: Report, name: string): string | null => calls[name]!.output;
const fact = ({ facts }: Report, name: string): boolean | number => facts[name]!;
const attribute = (r: Report, name: string): number => fact(r, name) as number;

/** SRV_COPYCHUNK_RESPONSE (MS-SMB2 2.2.32.1) as three numbers. */
const counts = (hex: string | null) => {
  const b = Buffer.from(hex ?? '', 'hex');
  return [b.readUInt32LE(0), b.readUInt32LE(4), b.readUInt32LE(8)];
};

/** FILE_ALLOCATED_RANGE_BUFFER entries (MS-FSCC 2.3.52) as [offset, length] pairs. */
const ranges = (hex: string | null) => {
  const b = Buffer.from(hex ?? '', 'hex');
  const out: number[][] = [];
  for (let at = 0; at < b.length; at += 16) out.push([Number(b.readBigInt64LE(at)), Number(b.readBigInt64LE(at + 8))]);
  return out;
};

function checkData(r: Report): void {
  expectStatus(r, {
    resumeKey: 'STATUS_SUCCESS',
    resumeKeySmallOutput: 'STATUS_INVALID_PARAMETER',
    copy: 'STATUS_SUCCESS',
    copyOverlap: 'STATUS_SUCCESS',
    copyBadKey: 'STATUS_OBJECT_NAME_NOT_FOUND',
    copyLimits: 'STATUS_INVALID_PARAMETER',
    copyZeroLength: 'STATUS_INVALID_PARAMETER',
    copySmallOutput: 'STATUS_INVALID_PARAMETER',
    copyBeyondSource: 'STATUS_INVALID_VIEW_SIZE',
    copyToReadOnly: 'STATUS_ACCESS_DENIED',
    copyClosedSource: 'STATUS_OBJECT_NAME_NOT_FOUND',
    setSparse: 'STATUS_SUCCESS',
    setSparseDirectory: 'STATUS_INVALID_PARAMETER',
    clearSparse: 'STATUS_SUCCESS',
    zero: 'STATUS_SUCCESS',
    zeroBeyondEnd: 'STATUS_SUCCESS',
    zeroInverted: 'STATUS_INVALID_PARAMETER',
    zeroShort: 'STATUS_INVALID_PARAMETER',
    zeroDirectory: 'STATUS_INVALID_PARAMETER',
    ranges: 'STATUS_SUCCESS',
    rangesNoRoom: 'STATUS_BUFFER_TOO_SMALL',
    rangesNegative: 'STATUS_INVALID_PARAMETER',
    rangesWithoutRead: 'STATUS_ACCESS_DENIED',
    zeroWithoutWrite: 'STATUS_ACCESS_DENIED',
    setSparseWithoutWrite: 'STATUS_ACCESS_DENIED',
    getCompression: 'STATUS_SUCCESS',
    setCompressionLznt1: 'STATUS_NOT_SUPPORTED',
    setCompressionNone: 'STATUS_SUCCESS',
    setCompressionBogus: 'STATUS_INVALID_PARAMETER',
    trim: 'STATUS_SUCCESS',
    trimNoRanges: 'STATUS_INVALID_PARAMETER',
    getIntegrity: 'STATUS_INVALID_DEVICE_REQUEST',
    setObjectId: 'STATUS_INVALID_DEVICE_REQUEST',
    objectIdSmallOutput: 'STATUS_INVALID_PARAMETER',
  });
  // MS-SMB2 2.2.32.3: the key, ContextLength 0 and four unused bytes.
  assert.is(output(r, 'resumeKey')!.length, 64);
  assert.is(output(r, 'resumeKey')!.slice(48), '0'.repeat(16));
  assert.equal(counts(output(r, 'copy')), [2, 0, 8192]);
  assert.ok(fact(r, 'copyData'), 'the copy holds the source data');
  assert.ok(fact(r, 'copyOverlapData'), 'a copy within one file sees the source as it was');
  // The limits, byte for byte what Samba 4.17 answers (test/fixtures/fsctl/samba-4.17.json, copy_chunk_limits).
  assert.is(output(r, 'copyLimits'), '000100000000100000000001');
  assert.is(output(r, 'copyZeroLength'), '000100000000100000000001');
  assert.equal(counts(output(r, 'copyBeyondSource')), [1, 0, 1000], 'the first chunk was written');
  assert.is(attribute(r, 'attributesBefore') & 0x200, 0);
  assert.is(attribute(r, 'attributesSparse') & 0x200, 0x200, 'FILE_ATTRIBUTE_SPARSE_FILE after FSCTL_SET_SPARSE');
  assert.is(attribute(r, 'attributesCleared') & 0x200, 0);
  assert.ok(fact(r, 'zeroData'), 'the zeroed range reads as zeros, the rest is untouched');
  assert.is(fact(r, 'sizeAfterZero'), 8192, 'zeroing past the end does not extend the file');
  assert.equal(ranges(output(r, 'ranges')), [[0, 8192]], 'a file that is not sparse is allocated up to its end');
  assert.equal(ranges(output(r, 'rangesFrom')), [[100, 50]]);
  assert.equal(ranges(output(r, 'rangesPastEnd')), []);
  assert.is(output(r, 'getCompression'), '0000');
  assert.is(output(r, 'trim'), '01000000');
}

let daemon: RunningSmb3d;
let server: SmbServer;
let memoryPort: number;

test.before(async () => {
  daemon = await startSmb3d();
  server = createServer({
    shares: [
      { name: 'data', driver: new MemoryDriver() },
      { name: 'other', driver: new MemoryDriver() },
    ],
    identities: new StaticIdentityProvider({ users: [{ name: 'alice', password: 'secret' }], guest: false, anonymous: false, domain: 'WORKGROUP' }),
    listen: [{ host: '127.0.0.1', port: 0 }],
  });
  await server.listen();
  memoryPort = server.addresses()[0]!.port;
});

test.after(async () => {
  await daemon.stop();
  await fs.rm(daemon.shareDir, { recursive: true, force: true });
  await server.close();
});

test('POSIX driver: server-side copy, sparse, zero data, allocated ranges, compression, trim, refusals', async () => {
  checkData(await client(daemon.port, 'data'));
});

test('POSIX driver: no block cloning, so FSCTL_DUPLICATE_EXTENTS_TO_FILE is STATUS_NOT_SUPPORTED', async () => {
  const r = await client(daemon.port, 'clone');
  expectStatus(r, { clone: 'STATUS_NOT_SUPPORTED' });
});

test('object ids are stable: the same across requests and across a restart of the daemon', async () => {
  const first = await client(daemon.port, 'object-id');
  expectStatus(first, { file: 'STATUS_SUCCESS', fileGet: 'STATUS_SUCCESS', directory: 'STATUS_SUCCESS' });
  assert.is(output(first, 'fileGet'), output(first, 'file'));
  const file = decodeFileObjectIdBuffer(Buffer.from(output(first, 'file')!, 'hex'));
  const directory = decodeFileObjectIdBuffer(Buffer.from(output(first, 'directory')!, 'hex'));
  assert.equal(file.birthObjectId, file.objectId);
  assert.equal(file.domainId, Buffer.alloc(16));
  assert.equal(directory.birthVolumeId, file.birthVolumeId, 'one volume');
  assert.not.equal(directory.objectId, file.objectId);
  await daemon.stop();
  const shareDir = daemon.shareDir;
  daemon = await startSmb3d(['--share', `data=${shareDir}`, '--user', 'alice:secret']);
  // startSmb3d made a folder the restarted daemon does not serve; the test's share stays the one to clean up.
  await fs.rm(daemon.shareDir, { recursive: true, force: true });
  daemon = { ...daemon, shareDir };
  const again = await client(daemon.port, 'object-id');
  assert.is(output(again, 'file'), output(first, 'file'));
  assert.is(output(again, 'directory'), output(first, 'directory'));
});

test('memory driver: the same behaviour through copyRange of another driver', async () => {
  checkData(await client(memoryPort, 'data'));
});

test('memory driver: holes of a sparse file, and STATUS_BUFFER_OVERFLOW when not all ranges fit', async () => {
  const r = await client(memoryPort, 'ranges');
  expectStatus(r, { setSparse: 'STATUS_SUCCESS', ranges: 'STATUS_SUCCESS', rangesOneFits: 'STATUS_BUFFER_OVERFLOW', rangesNotSparse: 'STATUS_SUCCESS' });
  assert.equal(ranges(output(r, 'ranges')), [
    [65536, 65536],
    [196608, 65536],
  ]);
  assert.equal(ranges(output(r, 'rangesOneFits')), [[65536, 65536]]);
  assert.equal(ranges(output(r, 'rangesNotSparse')), [[0, 262144]]);
});

test('memory driver: FSCTL_DUPLICATE_EXTENTS_TO_FILE clones through cloneRange', async () => {
  const r = await client(memoryPort, 'clone');
  expectStatus(r, {
    clone: 'STATUS_SUCCESS',
    cloneBeyondSource: 'STATUS_NOT_SUPPORTED',
    cloneOverlap: 'STATUS_NOT_SUPPORTED',
    cloneBadHandle: 'STATUS_INVALID_HANDLE',
    cloneShort: 'STATUS_BUFFER_TOO_SMALL',
  });
  assert.ok(fact(r, 'cloneData'), 'the target holds the cloned range');
});

test('copy between shares of different drivers reads and writes through the handles', async () => {
  const r = await client(memoryPort, 'across');
  expectStatus(r, { copy: 'STATUS_SUCCESS' });
  assert.equal(counts(output(r, 'copy')), [2, 0, 8292]);
  assert.ok(fact(r, 'copyData'));
});

test.run();
