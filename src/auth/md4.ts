// MD4 message digest (RFC 1320). NTLM needs it for the NT one-way function (MS-NLMP 3.3.1 NTOWFv1), and
// OpenSSL 3 only offers MD4 through its legacy provider, which Node does not load by default.

const S1 = [3, 7, 11, 19] as const;
const S2 = [3, 5, 9, 13] as const;
const S3 = [3, 9, 11, 15] as const;
// RFC 1320 3.4: the order in which round 3 visits the sixteen words of a block.
const ROUND3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15] as const;

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

export function md4(data: Buffer): Buffer {
  // RFC 1320 3.1-3.2: pad with 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian number.
  const paddedLength = (((data.length + 8) >>> 6) + 1) << 6;
  const message = Buffer.alloc(paddedLength);
  data.copy(message);
  message[data.length] = 0x80;
  const bitLength = BigInt(data.length) * 8n;
  message.writeBigUInt64LE(bitLength & 0xffffffffffffffffn, paddedLength - 8);

  // RFC 1320 3.3: initial buffer.
  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  const x = new Int32Array(16);

  for (let block = 0; block < paddedLength; block += 64) {
    for (let i = 0; i < 16; i++) x[i] = message.readInt32LE(block + i * 4);
    const aa = a;
    const bb = b;
    const cc = c;
    const dd = d;

    // Round 1: F(X,Y,Z) = XY v not(X) Z
    for (let i = 0; i < 16; i += 4) {
      a = rotl((a + ((b & c) | (~b & d)) + x[i]!) | 0, S1[0]);
      d = rotl((d + ((a & b) | (~a & c)) + x[i + 1]!) | 0, S1[1]);
      c = rotl((c + ((d & a) | (~d & b)) + x[i + 2]!) | 0, S1[2]);
      b = rotl((b + ((c & d) | (~c & a)) + x[i + 3]!) | 0, S1[3]);
    }
    // Round 2: G(X,Y,Z) = XY v XZ v YZ, plus the constant 0x5A827999 (sqrt 2).
    for (let i = 0; i < 4; i++) {
      a = rotl((a + ((b & c) | (b & d) | (c & d)) + x[i]! + 0x5a827999) | 0, S2[0]);
      d = rotl((d + ((a & b) | (a & c) | (b & c)) + x[i + 4]! + 0x5a827999) | 0, S2[1]);
      c = rotl((c + ((d & a) | (d & b) | (a & b)) + x[i + 8]! + 0x5a827999) | 0, S2[2]);
      b = rotl((b + ((c & d) | (c & a) | (d & a)) + x[i + 12]! + 0x5a827999) | 0, S2[3]);
    }
    // Round 3: H(X,Y,Z) = X xor Y xor Z, plus the constant 0x6ED9EBA1 (sqrt 3).
    for (let i = 0; i < 16; i += 4) {
      a = rotl((a + (b ^ c ^ d) + x[ROUND3_ORDER[i]!]! + 0x6ed9eba1) | 0, S3[0]);
      d = rotl((d + (a ^ b ^ c) + x[ROUND3_ORDER[i + 1]!]! + 0x6ed9eba1) | 0, S3[1]);
      c = rotl((c + (d ^ a ^ b) + x[ROUND3_ORDER[i + 2]!]! + 0x6ed9eba1) | 0, S3[2]);
      b = rotl((b + (c ^ d ^ a) + x[ROUND3_ORDER[i + 3]!]! + 0x6ed9eba1) | 0, S3[3]);
    }

    a = (a + aa) | 0;
    b = (b + bb) | 0;
    c = (c + cc) | 0;
    d = (d + dd) | 0;
  }

  const digest = Buffer.alloc(16);
  digest.writeInt32LE(a, 0);
  digest.writeInt32LE(b, 4);
  digest.writeInt32LE(c, 8);
  digest.writeInt32LE(d, 12);
  return digest;
}
