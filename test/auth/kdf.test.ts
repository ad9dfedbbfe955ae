import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { smb3Kdf } from '../../src/auth/kdf.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// Produced by impacket.crypto.KDF_CounterMode (test/fixtures/crypto/generate-impacket-vectors.py).
const impacket = JSON.parse(readFileSync(new URL('../fixtures/crypto/impacket-vectors.json', import.meta.url), 'utf8')) as {
  kdf: Array<{ key: string; label: string; context: string; lengthBits: 128 | 256; output: string }>;
};

test('matches impacket KDF_CounterMode for L = 128 and L = 256', () => {
  for (const v of impacket.kdf) {
    const out = smb3Kdf(hex(v.key), hex(v.label), hex(v.context), v.lengthBits);
    assert.is(out.length, v.lengthBits / 8);
    assert.is(out.toString('hex'), v.output, `${Buffer.from(v.label, 'hex').toString('latin1')} L=${v.lengthBits}`);
  }
});

test('SMB 3.1.1 signing key of the Microsoft "SMB 3.1.1 Encryption in Windows 10" blog, appendix A.1', () => {
  const sessionKey = hex('419FDDF34C1E001909D362AE7FB6AF79');
  const preauthHash = hex(`B23F3CBFD69487D9832B79B1594A367CDD950909B774C3A4C412B4FCEA9EDDDBA7DB256BA2EA30E9
                           77F11F9B113247578E0E915C6D2A513B8F2FCA5707DC8770`);
  const signingKey = smb3Kdf(sessionKey, Buffer.from('SMBSigningKey\0', 'latin1'), preauthHash, 128);
  assert.is(signingKey.toString('hex'), '8765949dfeaee105ce9118b45be988f0');
});

test('L is an input of the PRF: the 128-bit key is not a prefix of the 256-bit key', () => {
  // L is part of the PRF input, so the two lengths give unrelated keys.
  const key = Buffer.alloc(16, 1);
  const label = Buffer.from('SMBS2CCipherKey\0', 'latin1');
  const short = smb3Kdf(key, label, Buffer.alloc(64), 128);
  const long = smb3Kdf(key, label, Buffer.alloc(64), 256);
  assert.is.not(short.toString('hex'), long.subarray(0, 16).toString('hex'));
});

test.run();
