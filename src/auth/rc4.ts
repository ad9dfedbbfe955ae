// RC4 stream cipher. NTLM uses it for key exchange (MS-NLMP 3.4.5.1, RC4K) and for sealing and signature
// checksums (MS-NLMP 3.4.3, 3.4.4.2); OpenSSL 3 only offers it through the legacy provider.

/** A keyed RC4 state. NTLM session security keeps one per direction for the whole context (MS-NLMP 3.4). */
export class Rc4 {
  readonly #s = new Uint8Array(256);
  #i = 0;
  #j = 0;

  constructor(key: Buffer) {
    if (key.length === 0 || key.length > 256) throw new RangeError('RC4 key must be 1 to 256 bytes');
    const s = this.#s;
    for (let i = 0; i < 256; i++) s[i] = i;
    let j = 0;
    for (let i = 0; i < 256; i++) {
      j = (j + s[i]! + key[i % key.length]!) & 0xff;
      const t = s[i]!;
      s[i] = s[j]!;
      s[j] = t;
    }
  }

  /** Encrypts or decrypts (the same operation), continuing the key stream where the last call stopped. */
  update(data: Buffer): Buffer {
    const s = this.#s;
    const out = Buffer.allocUnsafe(data.length);
    let i = this.#i;
    let j = this.#j;
    for (let n = 0; n < data.length; n++) {
      i = (i + 1) & 0xff;
      j = (j + s[i]!) & 0xff;
      const t = s[i]!;
      s[i] = s[j]!;
      s[j] = t;
      out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
    }
    this.#i = i;
    this.#j = j;
    return out;
  }
}

/** RC4K(Key, Data) of MS-NLMP 6: a fresh key stream for one message. */
export function rc4(key: Buffer, data: Buffer): Buffer {
  return new Rc4(key).update(data);
}
