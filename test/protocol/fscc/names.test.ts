import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtStatus, NtStatusError } from '../../../src/protocol/status.ts';
import {
  MAX_FILENAME_LENGTH,
  generateShortName,
  is8dot3Name,
  isValidFileName,
  isValidStreamName,
  sameNameIgnoringCase,
  upcaseName,
} from '../../../src/protocol/fscc/names.ts';

test('MS-FSCC 2.1.5.2 Filename: forbidden characters, control characters, 1..255 code units', () => {
  for (const n of ['a', 'file.txt', 'A Long File Name.document', '.', '..', 'émoji 😀', "it's [ok] +,;=", 'x'.repeat(255)])
    assert.ok(isValidFileName(n), n);
  for (const ch of '"\\/:|<>*?') assert.not.ok(isValidFileName(`a${ch}b`), ch);
  for (let c = 0; c <= 0x1f; c++) assert.not.ok(isValidFileName(`a${String.fromCharCode(c)}b`), `0x${c.toString(16)}`);
  assert.ok(isValidFileName('a\x7fb'), 'DEL is not a control character here');
  assert.not.ok(isValidFileName(''));
  assert.not.ok(isValidFileName('x'.repeat(MAX_FILENAME_LENGTH + 1)));
  assert.not.ok(isValidFileName('😀'.repeat(128)), 'the limit counts UTF-16 code units');
});

test('MS-FSCC 2.1.5.3 Streamname: no NUL \\ / :, empty is the default stream', () => {
  assert.ok(isValidStreamName(''));
  assert.ok(isValidStreamName('Zone.Identifier'));
  assert.ok(isValidStreamName('a*b?"<>|'), 'filename-forbidden characters are fine in a stream name');
  for (const n of ['a:b', 'a/b', 'a\\b', 'a\0b', 'x'.repeat(256)]) assert.not.ok(isValidStreamName(n), n);
});

test('MS-FSCC 2.1.5.2.1 8.3 names', () => {
  for (const n of ['A', 'README', 'README.TXT', 'LONGFI~1.TXT', '12345678.123', 'a.b', 'x_y-z.c']) assert.ok(is8dot3Name(n), n);
  for (const n of ['', '.', '..', '.txt', 'a.', '123456789', 'a.1234', 'a.b.c', 'a b.txt', 'é.txt', 'a*.txt'])
    assert.not.ok(is8dot3Name(n), n);
});

test('short names: LONGFI~1.TXT, then ~2..~4, then a hashed base', () => {
  const none = (): boolean => false;
  assert.is(generateShortName('longfilename.txt', none), 'LONGFI~1.TXT');
  assert.is(generateShortName('A Long File Name.document', none), 'ALONGF~1.DOC');
  assert.is(generateShortName('my.archive.tar.gz', none), 'MYARCH~1.GZ');
  assert.is(generateShortName('.bashrc', none), 'BASHRC~1', 'leading periods skipped');
  assert.is(generateShortName('ab', none), 'AB~1');
  assert.is(generateShortName('naïve [draft]+.txt', none), 'NA_VE_~1.TXT');
  assert.is(generateShortName('日本語.txt', none), '___~1.TXT');
  assert.is(generateShortName('...', none), '_~1');

  const taken = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < 14; i++) {
    const s = generateShortName('longfilename.txt', (c) => taken.has(c));
    taken.add(s);
    names.push(s);
  }
  assert.equal(names.slice(0, 4), ['LONGFI~1.TXT', 'LONGFI~2.TXT', 'LONGFI~3.TXT', 'LONGFI~4.TXT']);
  const hashed = names[4]!;
  assert.match(hashed, /^LO[0-9A-F]{4}~1\.TXT$/);
  assert.is(names[5], hashed.replace('~1', '~2'));
  assert.is(names[13], `${hashed.slice(0, 5)}~10.TXT`, 'the base shrinks as the number grows');
  assert.is(new Set(names).size, names.length);
  for (const n of names) assert.ok(is8dot3Name(n), n);

  const again = (): string => generateShortName('longfilename.txt', (c) => taken.has(c));
  assert.is(again(), again(), 'deterministic');
  assert.is.not(generateShortName('otherlongname.txt', (c) => c.startsWith('OTHERL')).slice(2, 6), hashed.slice(2, 6));
});

test('short names: every candidate taken is OBJECT_NAME_COLLISION', () => {
  try {
    generateShortName('longfilename.txt', () => true);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, NtStatusError);
    assert.is((e as NtStatusError).status, NtStatus.OBJECT_NAME_COLLISION);
  }
});

test('case folding is per UTF-16 code unit, as an NTFS upcase table', () => {
  assert.is(upcaseName('readme.txt'), 'README.TXT');
  // smbtorture smb2.charset "wide-a": FULLWIDTH LATIN SMALL LETTER A and CAPITAL A are one name.
  assert.ok(sameNameIgnoringCase('\uff41', '\uff21'));
  assert.ok(sameNameIgnoringCase('Stra\u00dfe', 'STRA\u00dfE'), 'sharp s has no one-unit upper case and stays');
  assert.not.ok(sameNameIgnoringCase('Stra\u00dfe', 'STRASSE'));
  assert.ok(sameNameIgnoringCase('\u00e9t\u00e9', '\u00c9T\u00c9'));
  assert.not.ok(sameNameIgnoringCase('a\u0308', '\u00c4'), 'no normalization: a + combining diaeresis is not A-umlaut');
  assert.is(upcaseName('\ud83d\ude00x'), '\ud83d\ude00X', 'surrogate halves stay');
});

test.run();
