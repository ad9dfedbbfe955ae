import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rc4, rc4 } from '../../src/auth/rc4.ts';

// RFC 6229 section 2 key streams (RC4 of zeros): key, then offset → 16 bytes at that offset.
const RFC6229: { key: string; blocks: Record<number, string> }[] = [
  {
    key: '0102030405',
    blocks: {
      0: 'b2396305f03dc027ccc3524a0a1118a8',
      16: '6982944f18fc82d589c403a47a0d0919',
      240: '28cb1132c96ce286421dcaadb8b69eae',
      256: '1cfcf62b03eddb641d77dfcf7f8d8c93',
    },
  },
  { key: '0102030405060708090a0b0c0d0e0f10', blocks: { 0: '9ac7cc9a609d1ef7b2932899cde41b97' } },
  {
    key: '0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20',
    blocks: { 0: 'eaa6bd25880bf93d3f5d1e4ca2611d91' },
  },
];

for (const { key, blocks } of RFC6229) {
  test(`RFC 6229 key stream for ${key.length * 4}-bit key ${key.slice(0, 10)}…`, () => {
    const stream = rc4(Buffer.from(key, 'hex'), Buffer.alloc(272));
    for (const [offset, expected] of Object.entries(blocks)) {
      assert.is(stream.subarray(Number(offset), Number(offset) + 16).toString('hex'), expected, `offset ${offset}`);
    }
  });
}

test('the stateful cipher continues the key stream across calls', () => {
  const key = Buffer.from('0102030405', 'hex');
  const whole = rc4(key, Buffer.alloc(300));
  const cipher = new Rc4(key);
  const parts = [cipher.update(Buffer.alloc(1)), cipher.update(Buffer.alloc(0)), cipher.update(Buffer.alloc(17)), cipher.update(Buffer.alloc(282))];
  assert.equal(Buffer.concat(parts), whole);
});

test('decrypting is encrypting again with the same key', () => {
  const key = Buffer.from('secret key');
  const plain = Buffer.from('attack at dawn');
  assert.equal(rc4(key, rc4(key, plain)), plain);
});

test('empty and oversized keys are refused', () => {
  assert.throws(() => new Rc4(Buffer.alloc(0)), RangeError);
  assert.throws(() => new Rc4(Buffer.alloc(257)), RangeError);
});

test.run();
