import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { md4 } from '../../src/auth/md4.ts';

// RFC 1320 Appendix A.5 "Test suite".
const RFC1320_SUITE: [string, string][] = [
  ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
  ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
  ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
  ['message digest', 'd9130a8164549fe818874806e1c7014b'],
  ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
  ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
  ['1234567890'.repeat(8), 'e33b4ddc9c38f2199c3e7b164fcc0536'],
];

for (const [input, digest] of RFC1320_SUITE) {
  test(`RFC 1320 A.5: MD4("${input.length > 20 ? `${input.slice(0, 20)}…` : input}")`, () => {
    assert.is(md4(Buffer.from(input, 'latin1')).toString('hex'), digest);
  });
}

test('padding boundaries: 55, 56, 63, 64 and 65 byte inputs all hash to 16 bytes and differ', () => {
  const seen = new Set<string>();
  for (const n of [55, 56, 63, 64, 65]) {
    const d = md4(Buffer.alloc(n, 0x61));
    assert.is(d.length, 16);
    seen.add(d.toString('hex'));
  }
  assert.is(seen.size, 5);
});

test.run();
