import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseShareName, type NameRules } from '../../src/server/paths.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';

const streams: NameRules = { maxComponentLength: 255, namedStreams: true };
const noStreams: NameRules = { maxComponentLength: 255, namedStreams: false };

const statusOf = (name: string, rules = streams): number | undefined => {
  try {
    parseShareName(name, rules);
    return undefined;
  } catch (error) {
    assert.instance(error, NtStatusError);
    return (error as NtStatusError).status;
  }
};

test('names split into share-relative components', () => {
  assert.equal(parseShareName('', streams), { path: [], stream: undefined });
  assert.equal(parseShareName('a', streams), { path: ['a'], stream: undefined });
  assert.equal(parseShareName('dir\\sub\\file.txt', streams).path, ['dir', 'sub', 'file.txt']);
  assert.equal(parseShareName('dir\\', streams).path, ['dir']);
  // smbtorture's smb2.timestamps uses "/" and Samba accepts it; Windows clients never send it.
  assert.equal(parseShareName('dir/file.txt', streams).path, ['dir', 'file.txt']);
});

test('no name can leave the share', () => {
  // smb2.mkdir: "..\\..\\.." is a syntax error, not a missing name.
  for (const name of ['..', '..\\etc\\passwd', '..\\..\\..']) assert.is(statusOf(name), NtStatus.OBJECT_PATH_SYNTAX_BAD, name);
  for (const name of ['a\\..\\..\\b', 'a\\.\\b', '.', 'a\\..']) assert.is(statusOf(name), NtStatus.OBJECT_NAME_INVALID, name);
  assert.is(statusOf('\\etc\\passwd'), NtStatus.INVALID_PARAMETER, 'absolute paths are malformed');
  assert.is(statusOf('/etc/passwd'), NtStatus.INVALID_PARAMETER, 'absolute paths are malformed');
});

test('NUL, invalid characters, empty components and overlong names are refused', () => {
  for (const name of ['a\0b', 'a*b', 'a?', 'a<b', 'a|b', 'a"b', 'a\\\\b', 'x'.repeat(256)]) {
    assert.is(statusOf(name), NtStatus.OBJECT_NAME_INVALID, JSON.stringify(name));
  }
});

// Stream names and the statuses are those of smbtorture smb2.streams (names, names2, io) against Windows and Samba.
test('stream syntax: "file:stream", "file:stream:$DATA", "file::$DATA"', () => {
  assert.equal(parseShareName('d\\f.txt:Stream One', streams), { path: ['d', 'f.txt'], stream: 'Stream One' });
  assert.equal(parseShareName('d\\f.txt:Second Stream:$DaTa', streams), { path: ['d', 'f.txt'], stream: 'Second Stream' });
  assert.equal(parseShareName('f.txt::$DATA', streams), { path: ['f.txt'], stream: '' });
  assert.equal(parseShareName('f:\x05Stream\n One', streams).stream, '\x05Stream\n One');
  assert.equal(parseShareName('f:?Stream*:$DATA', streams).stream, '?Stream*');
  assert.equal(parseShareName(':s', streams), { path: [], stream: 's' });
});

test('malformed stream names are OBJECT_NAME_INVALID', () => {
  for (const name of ['f:s:', 'f:s:$FOO', 'f:s:?D*a', 'f:', 'f::', 'f:a:b:$DATA', 'd\\stream*:?Stream*:$DATA', 'dir:s\\f', 'f:Stream/0x2F:$DATA', 'f:Stream\\0x5C:$DATA']) {
    assert.is(statusOf(name), NtStatus.OBJECT_NAME_INVALID, JSON.stringify(name));
  }
  for (let i = 1; i < 0x7f; i++) {
    const c = String.fromCharCode(i);
    const name = `f:Stream${c}0x${i.toString(16)}:$DATA`;
    assert.is(statusOf(name), c === '/' || c === ':' || c === '\\' ? NtStatus.OBJECT_NAME_INVALID : undefined, JSON.stringify(name));
  }
});

test('without streams any stream syntax is OBJECT_NAME_INVALID (smb2.create_no_streams)', () => {
  for (const name of ['test_no_stream::$DATA', 'test_no_stream::foooooooooooo', 'test_no_stream:stream', 'test_no_stream:stream:$DATA']) {
    assert.is(statusOf(name, noStreams), NtStatus.OBJECT_NAME_INVALID, name);
  }
});

test.run();
