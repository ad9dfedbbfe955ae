// MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION against what Samba 4.17 sends (test/fixtures/fscc/samba.FileNotifyInformation.*,
// provenance in each file), plus the layout rules: 4-byte padding counted per record, NextEntryOffset 0 last.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeFileNotifyInformation,
  encodeFileNotifyInformation,
  FileAction as A,
  fileNotifyInformationSize,
} from '../../../src/protocol/fscc/notify-information.ts';
import { NtStatusError } from '../../../src/protocol/status.ts';

function fixture(name: string): Buffer {
  const text = readFileSync(new URL(`../../fixtures/fscc/${name}.hex`, import.meta.url), 'utf8');
  return Buffer.from(text.split('\n').filter((line) => !line.startsWith('#')).join('').trim(), 'hex');
}

const NAME = 'smb2-notify01.dat';

test('one record encodes as Samba sends it', () => {
  const expected = fixture('samba.FileNotifyInformation.added');
  assert.equal(encodeFileNotifyInformation([{ action: A.FILE_ACTION_ADDED, fileName: NAME }]).toString('hex'), expected.toString('hex'));
});

test('three records encode as Samba sends them, the last one padded too', () => {
  const expected = fixture('samba.FileNotifyInformation.removed-added-modified');
  const records = [A.FILE_ACTION_REMOVED, A.FILE_ACTION_ADDED, A.FILE_ACTION_MODIFIED].map((action) => ({ action, fileName: NAME }));
  const encoded = encodeFileNotifyInformation(records);
  assert.equal(encoded.toString('hex'), expected.toString('hex'));
  assert.is(encoded.length, records.reduce((n, r) => n + fileNotifyInformationSize(r), 0));
});

test('Samba records decode to their actions and names', () => {
  const decoded = decodeFileNotifyInformation(fixture('samba.FileNotifyInformation.removed-added-modified'));
  assert.equal(decoded, [
    { action: A.FILE_ACTION_REMOVED, fileName: NAME },
    { action: A.FILE_ACTION_ADDED, fileName: NAME },
    { action: A.FILE_ACTION_MODIFIED, fileName: NAME },
  ]);
});

test('names of every length pad to 4 bytes and round-trip, paths and stream names included', () => {
  for (const fileName of ['a', 'ab', 'abc', 'dir\\sub\\file.txt', 'file.txt:stream', 'ünïcødé 名前']) {
    const records = [
      { action: A.FILE_ACTION_RENAMED_OLD_NAME, fileName },
      { action: A.FILE_ACTION_RENAMED_NEW_NAME, fileName: `${fileName}-r` },
    ];
    const encoded = encodeFileNotifyInformation(records);
    const first = encoded.readUInt32LE(0);
    assert.is(first % 4, 0, 'NextEntryOffset is a multiple of 4');
    assert.is(first, fileNotifyInformationSize(records[0]!));
    assert.is(encoded.readUInt32LE(first), 0, 'the last record ends the list');
    assert.is(encoded.length % 4, 0);
    assert.equal(decodeFileNotifyInformation(encoded), records);
  }
});

test('an empty list is empty', () => {
  assert.is(encodeFileNotifyInformation([]).length, 0);
  assert.equal(decodeFileNotifyInformation(Buffer.alloc(0)), []);
});

test('malformed lists are STATUS_INVALID_PARAMETER', () => {
  const good = fixture('samba.FileNotifyInformation.removed-added-modified');
  const cases: [string, Buffer][] = [
    ['truncated header', good.subarray(0, 10)],
    ['name overruns the buffer', good.subarray(0, 30)],
    ['NextEntryOffset past the end', Buffer.concat([Buffer.from([0xf0, 0, 0, 0]), good.subarray(4, 48)])],
    ['misaligned NextEntryOffset', Buffer.concat([Buffer.from([0x2f, 0, 0, 0]), good.subarray(4)])],
    ['odd FileNameLength', Buffer.concat([good.subarray(0, 8), Buffer.from([0x21, 0, 0, 0]), good.subarray(12, 48)])],
  ];
  for (const [what, buf] of cases) assert.throws(() => decodeFileNotifyInformation(buf), (e: unknown) => e instanceof NtStatusError, what);
});

test.run();
