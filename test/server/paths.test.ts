import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSharePath } from '../../src/server/paths.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';

const statusOf = (name: string): number | undefined => {
  try {
    parseSharePath(name, 255);
    return undefined;
  } catch (error) {
    assert.instance(error, NtStatusError);
    return (error as NtStatusError).status;
  }
};

test('names split into share-relative components', () => {
  assert.equal(parseSharePath('', 255), []);
  assert.equal(parseSharePath('a', 255), ['a']);
  assert.equal(parseSharePath('dir\\sub\\file.txt', 255), ['dir', 'sub', 'file.txt']);
  assert.equal(parseSharePath('dir\\', 255), ['dir']);
  assert.equal(parseSharePath('file.txt::$DATA', 255), ['file.txt']);
});

test('no name can leave the share', () => {
  for (const name of ['..', '..\\etc\\passwd', 'a\\..\\..\\b', 'a\\.\\b', '.', 'a\\..']) {
    assert.is(statusOf(name), NtStatus.OBJECT_NAME_INVALID, name);
  }
  assert.is(statusOf('\\etc\\passwd'), NtStatus.INVALID_PARAMETER, 'absolute paths are malformed');
});

test('NUL, invalid characters, empty components, streams and overlong names are refused', () => {
  for (const name of ['a\0b', 'a*b', 'a?', 'a<b', 'a|b', 'a"b', 'a/b', 'a\\\\b', 'file:stream', 'x'.repeat(256)]) {
    assert.is(statusOf(name), NtStatus.OBJECT_NAME_INVALID, JSON.stringify(name));
  }
});

test.run();
