// The SMB 3.x key derivation function (MS-SMB2 3.1.4.2): SP800-108 section 5.1 KDF in counter mode,
// PRF = HMAC-SHA256, r = 32.

import { createHmac } from 'node:crypto';

const SEPARATOR = Buffer.alloc(1);

function uint32be(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

/**
 * Derives `lengthBits` bits of keying material from `key`.
 * `label` and `context` are the byte strings MS-SMB2 names, with their terminating NUL where the spec
 * writes one (e.g. "SMBSigningKey\0"); SP800-108's own 0x00 separator is added here.
 */
export function smb3Kdf(key: Buffer, label: Buffer, context: Buffer, lengthBits: 128 | 256): Buffer {
  // SP800-108 5.1: n = ceil(L / h) blocks with h = 256 (SHA-256), so both lengths SMB uses take one
  // block: K(1) = PRF(KI, [1]_32 || Label || 0x00 || Context || [L]_32), keep the leftmost L bits.
  const block = createHmac('sha256', key)
    .update(uint32be(1))
    .update(label)
    .update(SEPARATOR)
    .update(context)
    .update(uint32be(lengthBits))
    .digest();
  return block.subarray(0, lengthBits / 8);
}
