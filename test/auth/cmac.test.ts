import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aesCmac } from '../../src/auth/cmac.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// RFC 4493 section 4 (the same key and messages as NIST SP 800-38B's AES-128 CMAC examples).
const RFC_KEY = hex('2b7e1516 28aed2a6 abf71588 09cf4f3c');
const RFC_MESSAGE = hex(`6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51
                         30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710`);
const RFC_EXAMPLES: Array<[length: number, mac: string]> = [
  [0, 'bb1d6929 e9593728 7fa37d12 9b756746'],
  [16, '070a16b4 6b4d4144 f79bdd9d d04a287c'],
  [40, 'dfa66747 de9ae630 30ca3261 1497c827'],
  [64, '51f0bebf 7e3b9d92 fc497417 79363cfe'],
];

// Produced by impacket.crypto.AES_CMAC (test/fixtures/crypto/generate-impacket-vectors.py).
const impacket = JSON.parse(readFileSync(new URL('../fixtures/crypto/impacket-vectors.json', import.meta.url), 'utf8')) as {
  cmac: Array<{ key: string; message: string; mac: string }>;
};

for (const [length, mac] of RFC_EXAMPLES) {
  test(`RFC 4493 example, ${length}-byte message`, () => {
    assert.is(aesCmac(RFC_KEY, [RFC_MESSAGE.subarray(0, length)]).toString('hex'), hex(mac).toString('hex'));
  });
}

test('RFC 4493 64-byte example gives the same MAC however the message is split', () => {
  const expected = hex(RFC_EXAMPLES[3]![1]).toString('hex');
  for (let a = 0; a <= 64; a++) {
    for (let b = a; b <= 64; b += 7) {
      const chunks = [RFC_MESSAGE.subarray(0, a), RFC_MESSAGE.subarray(a, b), RFC_MESSAGE.subarray(b)];
      assert.is(aesCmac(RFC_KEY, chunks).toString('hex'), expected, `split at ${a}, ${b}`);
    }
  }
});

test('RFC 4493 40-byte example split into single bytes', () => {
  const bytes = [...RFC_MESSAGE.subarray(0, 40)].map((byte) => Buffer.of(byte));
  assert.is(aesCmac(RFC_KEY, bytes).toString('hex'), hex(RFC_EXAMPLES[2]![1]).toString('hex'));
});

test('no chunks is the empty message', () => {
  assert.is(aesCmac(RFC_KEY, []).toString('hex'), hex(RFC_EXAMPLES[0]![1]).toString('hex'));
});

test('matches impacket AES_CMAC around every block boundary', () => {
  for (const v of impacket.cmac) {
    const message = hex(v.message);
    assert.is(aesCmac(hex(v.key), [message]).toString('hex'), v.mac, `${message.length} bytes`);
    const third = Math.floor(message.length / 3);
    const split = [message.subarray(0, third), message.subarray(third, 2 * third), message.subarray(2 * third)];
    assert.is(aesCmac(hex(v.key), split).toString('hex'), v.mac, `${message.length} bytes in thirds`);
  }
});

test('does not modify its input', () => {
  const copy = Buffer.from(RFC_MESSAGE);
  aesCmac(RFC_KEY, [RFC_MESSAGE.subarray(0, 40)]);
  assert.ok(copy.equals(RFC_MESSAGE));
});

test('rejects a key that is not 16 bytes', () => {
  assert.throws(() => aesCmac(Buffer.alloc(32), [RFC_MESSAGE]), (e: unknown) => e instanceof RangeError);
  assert.throws(() => aesCmac(Buffer.alloc(15), [RFC_MESSAGE]), (e: unknown) => e instanceof RangeError);
});

test.run();
