// AES-CMAC (RFC 4493) with a 128-bit key: the MAC of SMB 3.x message signing (MS-SMB2 3.1.4.1).
// node:crypto has no CMAC, so it is built from AES-128 in CBC mode: CMAC is a CBC-MAC whose last
// block is first masked with a subkey.

import { createCipheriv } from 'node:crypto';

const BLOCK_SIZE = 16;
const ZERO_BLOCK = Buffer.alloc(BLOCK_SIZE);
/** RFC 4493 2.3: const_Rb, the reduction constant of GF(2^128). */
const CONST_RB = 0x87;
/** Upper bound on the bytes handed to the CBC cipher at once, so a large WRITE is never duplicated whole. */
const CBC_SLICE = 64 * 1024;

/** RFC 4493 2.3: multiply by x in GF(2^128) — shift left one bit, fold the bit that fell off back in with Rb. */
function double(block: Buffer): Buffer {
  const out = Buffer.allocUnsafe(BLOCK_SIZE);
  let carry = 0;
  for (let i = BLOCK_SIZE - 1; i >= 0; i--) {
    const byte = block[i]!;
    out[i] = ((byte << 1) | carry) & 0xff;
    carry = byte >>> 7;
  }
  if (carry) out[BLOCK_SIZE - 1]! ^= CONST_RB;
  return out;
}

/** RFC 4493 2.3: K1 = dbl(AES-K(0^128)), K2 = dbl(K1). */
function subkeys(key: Buffer): { k1: Buffer; k2: Buffer } {
  const ecb = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  const l = ecb.update(ZERO_BLOCK);
  const k1 = double(l);
  return { k1, k2: double(k1) };
}

/**
 * AES-CMAC of the concatenation of `chunks` (RFC 4493 2.4), without concatenating them: callers pass
 * a message as slices, e.g. an SMB2 header with its Signature field replaced by zeros.
 * Returns the 16-byte MAC. Throws RangeError if `key` is not 16 bytes.
 */
export function aesCmac(key: Buffer, chunks: readonly Buffer[]): Buffer {
  if (key.length !== 16) throw new RangeError(`AES-CMAC needs a 16-byte key, got ${key.length}`);
  let total = 0;
  for (const chunk of chunks) total += chunk.length;

  // RFC 4493 2.4 steps 2-4: the last block is held back (it gets the subkey); it is complete only
  // when the message is a non-empty multiple of the block size.
  const lastLength = total === 0 ? 0 : ((total - 1) % BLOCK_SIZE) + 1;
  const headLength = total - lastLength;

  const cbc = createCipheriv('aes-128-cbc', key, ZERO_BLOCK).setAutoPadding(false);
  const last = Buffer.alloc(BLOCK_SIZE);
  let fed = 0;
  let lastFill = 0;
  for (const chunk of chunks) {
    let offset = 0;
    while (fed < headLength && offset < chunk.length) {
      const take = Math.min(chunk.length - offset, headLength - fed, CBC_SLICE);
      // Only the chaining value matters; the CBC output itself is discarded.
      cbc.update(chunk.subarray(offset, offset + take));
      offset += take;
      fed += take;
    }
    if (offset < chunk.length) lastFill += chunk.copy(last, lastFill, offset);
  }

  const { k1, k2 } = subkeys(key);
  let mask = k1;
  if (lastLength < BLOCK_SIZE) {
    last[lastLength] = 0x80; // RFC 4493 2.4 padding(): 10^i
    mask = k2;
  }
  for (let i = 0; i < BLOCK_SIZE; i++) last[i]! ^= mask[i]!;

  // RFC 4493 2.4 step 6: T = AES-K(M_last XOR X), which is exactly the next CBC output block.
  const tag = cbc.update(last);
  cbc.final();
  return tag;
}
