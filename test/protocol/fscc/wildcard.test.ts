// MS-FSA 2.1.4.4 IsNameInExpression, including the DOS wildcards that Win32 clients put on the wire
// (FindFirstFile turns "?" into ">", "." before a wildcard into "\"", "*." into "<").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isNameInExpression, isWildcardPattern } from '../../../src/protocol/fscc/wildcard.ts';

const matches = (name: string, expr: string, ignoreCase = true): boolean => isNameInExpression(name, expr, ignoreCase);

test('Part 1 special cases: empty strings, "*" and "*.*" match everything (even names without a dot)', () => {
  assert.ok(isNameInExpression('', '', false));
  assert.not.ok(matches('', '*'));
  assert.not.ok(matches('a', ''));
  for (const name of ['README', 'a.b', '.hidden', 'x.']) {
    assert.ok(matches(name, '*'), name);
    assert.ok(matches(name, '*.*'), name);
  }
});

test('literal names and case', () => {
  assert.ok(matches('Report.TXT', 'report.txt'));
  assert.not.ok(matches('Report.TXT', 'report.txt', false));
  assert.ok(matches('Report.TXT', 'Report.TXT', false));
  assert.not.ok(matches('report.txt', 'report.tx'));
  assert.ok(matches('ÉTÉ.txt', 'été.TXT'));
  assert.ok(matches('straße', 'STRAßE'), 'characters without a one-unit upper case compare as themselves');
  assert.not.ok(matches('\u{10428}', '\u{10400}'), 'case folding is per UTF-16 code unit, as with an upcase table');
  assert.not.ok(matches('ß\u{10428}', '*\u{10400}'));
});

test('* and ?', () => {
  assert.ok(matches('a.txt', '*.txt'));
  assert.ok(matches('a.b.txt', '*.txt'));
  assert.not.ok(matches('a.txt.bak', '*.txt'));
  assert.ok(matches('abc', 'a*c'));
  assert.ok(matches('ac', 'a*c'));
  assert.ok(matches('abc', 'a?c'));
  assert.not.ok(matches('ac', 'a?c'));
  assert.ok(matches('abc', '*'));
  assert.not.ok(matches('abc', 'a*.*'), '"*.*" is only special on its own');
  assert.ok(matches('a.', '*.*'));
});

test('"????????.???" is literal "?" (exactly 8 + . + 3); the DOS_QM form matches shorter names', () => {
  assert.ok(matches('abcdefgh.txt', '????????.???'));
  assert.not.ok(matches('a.txt', '????????.???'));
  assert.not.ok(matches('abcdefgh', '????????.???'));
  const dos = '>>>>>>>>">>>';
  assert.ok(matches('abcdefgh.txt', dos));
  assert.ok(matches('a.txt', dos));
  assert.ok(matches('a.b', dos));
  assert.ok(matches('abc', dos), 'DOS_QMs and DOS_DOT match nothing at the end of the name');
  assert.ok(matches('abc.', dos));
  assert.not.ok(matches('abcdefghi.txt', dos));
  assert.not.ok(matches('abc.text', dos));
  assert.not.ok(matches('a.b.c', dos));
});

test('DOS_QM: one non-dot character, or nothing before a dot or at the end', () => {
  assert.ok(matches('ab.c', '>>>.c'));
  assert.ok(matches('abc.c', '>>>.c'));
  assert.not.ok(matches('abcd.c', '>>>.c'));
  assert.ok(matches('ab', 'ab>'));
  assert.not.ok(matches('a.', 'a>>'), 'a dot is never taken by DOS_QM');
  assert.ok(matches('a.', 'a>.'));
});

test('DOS_STAR "<": anything up to the last dot', () => {
  assert.ok(matches('a.txt', '<.txt'));
  assert.ok(matches('a.b.txt', '<.txt'));
  assert.ok(matches('.txt', '<.txt'));
  assert.not.ok(matches('a.txt.bak', '<.txt'));
  assert.ok(matches('readme', '<'), 'no dot: everything');
  assert.not.ok(matches('a.b.c', '<'), '"<" alone (Win32 "*.") leaves the last dot unmatched: names without one only');
  assert.not.ok(matches('a.b', '<'));
  assert.ok(matches('archive.tar.gz', '<.gz'));
  assert.ok(matches('archive.tar.gz', 'a<.gz'));
  assert.not.ok(matches('archive.tar.gz', '<.tar'), '"<" cannot stop at an earlier dot and leave one after');
  assert.ok(matches('archive.tar.gz', '<.tar*'), 'unless what follows takes the rest');
  assert.ok(matches('readme', '<"*'), 'Win32 "*.*" as sent on the wire: <"* matches a name without a dot');
  assert.ok(matches('a.txt', '<"*'));
});

test('DOS_DOT: a dot, or nothing at the end', () => {
  assert.ok(matches('abc', 'abc"'));
  assert.ok(matches('abc.', 'abc"'));
  assert.not.ok(matches('abcd', 'abc"'));
  assert.ok(matches('abc.txt', 'abc"txt'));
  assert.not.ok(matches('abcxtxt', 'abc"txt'));
});

test('isWildcardPattern', () => {
  for (const p of ['*', 'a?', '<.txt', '>>', 'a"']) assert.ok(isWildcardPattern(p), p);
  for (const p of ['', 'file.txt', 'a b [c]']) assert.not.ok(isWildcardPattern(p), p);
});

test('pathological patterns finish quickly (no backtracking)', () => {
  const name = 'a'.repeat(255);
  const start = performance.now();
  assert.not.ok(matches(name, '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b'));
  assert.not.ok(matches(name, '<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<b'));
  assert.not.ok(matches(name, '?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b'));
  assert.ok(matches(name, '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a'));
  assert.not.ok(matches(name, '*'.repeat(30000) + 'b'), 'a long run of stars is one star');
  assert.not.ok(matches(name, 'a'.repeat(30000)), 'more literals than the name has characters');
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 250, `took ${elapsed.toFixed(1)} ms`);
});

test.run();
