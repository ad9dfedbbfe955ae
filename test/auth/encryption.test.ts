import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cipherFromId, DecryptionFailed, decryptMessage, encryptMessage } from '../../src/auth/encryption.ts';
import type { CipherName } from '../../src/auth/encryption.ts';
import { CipherId } from '../../src/protocol/constants.ts';
import { ProtocolViolation } from '../../src/protocol/status.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const isDecryptionFailed = (e: unknown): boolean => e instanceof DecryptionFailed;
const CIPHERS: CipherName[] = ['aes-128-ccm', 'aes-128-gcm', 'aes-256-ccm', 'aes-256-gcm'];

// A Windows 10 client and a Windows Server 2016 exchanging an encrypted WRITE and READ, from the
// Microsoft Open Specifications blog "SMB 3.1.1 Encryption in Windows 10", appendices A.1 (GCM) and
// A.2 (CCM). The client's EncryptionKey is the server's decryption key and vice versa.
const WINDOWS = [
  {
    name: 'AES-128-GCM WRITE request (appendix A.1)',
    cipher: 'aes-128-gcm' as const,
    key: 'A2F5E80E5D59103034F32E52F698E5EC',
    nonce: 'C7D6822D269CAF48904C664C',
    sessionId: 0x100000000025n,
    plaintext: `FE534D4240000100000000000900010008000000000000000500000000000000FFFE000001000000
                25000000001000000000000000000000000000000000000031007000170000000000000000000000
                0600000004000000010000000400000000000000000000007000000000000000536D623320656E63
                72797074696F6E2074657374696E67`,
    frame: `FD534D42BD73D97D2BC9001BCAFAC0FDFF5FEEBCC7D6822D269CAF48904C664C0000000087000000
            000001002500000000100000
            6ECDD2A7AFC7B47763057A041B8FD4DAFFE990B70C9E09D36C084E02D14EF247F8BDE38ACF6256F8
            B1D3B56F77FBDEB312FEA5E92CBCC1ED8FB2EBBFAA75E49A4A394BB44576545567C24D4C014D47C9
            FBDFDAFD2C4F9B72F8D256452620A299F48E29E53D6B61D1C13A19E91AF013F00D17E3ABC2FC3D36
            C8C1B6B93973253852DBD442E46EE8`,
  },
  {
    name: 'AES-128-GCM WRITE response (appendix A.1)',
    cipher: 'aes-128-gcm' as const,
    key: '748C50868C90F302962A5C35F5F9A8BF',
    nonce: 'E06831DD2E8EB7B400000000',
    sessionId: 0x100000000025n,
    plaintext: `FE534D4240000100000000000900010001000000000000000500000000000000FFFE000001000000
                25000000001000000000000000000000000000000000000011000000170000000000000000000000`,
    frame: `FD534D42ACBE1CB7ED343ADF1725EF144D90D4B0E06831DD2E8EB7B4000000000000000050000000
            00000100250000000010000026BBBF949983A6C1C796559D0F2C510CB651D1F7B6AC8DED32A2A0B8
            F2D793A815C6F6B848D69767A215841A42D400AE6DDB5F0B44173A014973321FDD7950DA6179159B
            82E03C9E18A050FF0EA1C967`,
  },
  {
    name: 'AES-128-CCM WRITE request (appendix A.2)',
    cipher: 'aes-128-ccm' as const,
    key: 'DFAAA31AAE40A2485D47AC4DF09FDA1D',
    nonce: '9F6F1EAAD7E9F24AACD38F',
    sessionId: 0x100000000021n,
    plaintext: `FE534D4240000100000000000900010008000000000000000500000000000000FFFE000001000000
                21000000001000000000000000000000000000000000000031007000170000000000000000000000
                0500000004000000010000000400000000000000000000007000000000000000536D623320656E63
                72797074696F6E2074657374696E67`,
    frame: `FD534D42E89551D666DAB8993488F5A97103116C9F6F1EAAD7E9F24AACD38F000000000087000000
            000001002100000000100000
            56A74778199A9D2B6E9C3A376FD88D27680694FED253A313BEB07381AE8689F973ACDB8D716E4477
            803BCE53A92E1B81FA3E965AD9AF2C89C08CE66A344664453B8FC88118EDC9814CF58E92AA465E6E
            FB09958A9FDAD96FBD55B36A710C30D5E7C64AD7B9449F9F17EDD024FE8BA79154F340A82740D1D5
            180C69B0A2DE6A4BA893BD55D3210E`,
  },
  {
    name: 'AES-128-CCM READ response (appendix A.2)',
    cipher: 'aes-128-ccm' as const,
    key: '95C544AEF6072680DA1CE49A68A97FA6',
    nonce: 'DA6831DD2E8EB7B4000000',
    sessionId: 0x100000000021n,
    plaintext: `FE534D4240000100000000000800010001000000000000000600000000000000FFFE000001000000
                21000000001000000000000000000000000000000000000011005000170000000000000000000000
                536D623320656E6372797074696F6E2074657374696E67`,
    frame: `FD534D42E241A13C7E1EE42ECF1FD69F3B8668C6DA6831DD2E8EB7B4000000000000000067000000
            00000100210000000010000015D67234FC8358D7BA1BF037ABC8EFD41A0A8F9BB04B16DEB1E85606
            BD8C2770823FE6239A286CB3E3D5762ABBD53FD8DE11ED491FE905E146A8FFCE09414AB741103D63
            7E28B19C6BA759B399DCC21FAE24CF2A455A13B215FC2857ABB513927F9F271D1C208B`,
  },
];

// The transform as impacket's SMB3.sendSMB lays it out, encrypted by pycryptodome for all four
// ciphers (test/fixtures/crypto/generate-impacket-vectors.py).
const impacket = JSON.parse(readFileSync(new URL('../fixtures/crypto/impacket-vectors.json', import.meta.url), 'utf8')) as {
  encryption: Array<{ cipher: CipherName; key: string; nonce: string; sessionId: string; plaintext: string; frame: string }>;
};
const FOREIGN = [
  ...WINDOWS.map((v) => ({ ...v, name: `Windows: ${v.name}` })),
  ...impacket.encryption.map((v) => ({ ...v, sessionId: BigInt(v.sessionId), name: `impacket/pycryptodome: ${v.cipher}` })),
];

for (const v of FOREIGN) {
  test(`encrypts exactly like ${v.name}`, () => {
    const chunks = encryptMessage(v.cipher, hex(v.key), v.sessionId, hex(v.plaintext), hex(v.nonce));
    assert.is(Buffer.concat(chunks).toString('hex'), hex(v.frame).toString('hex'));
  });

  test(`decrypts ${v.name}`, () => {
    const { header, plaintext } = decryptMessage(v.cipher, hex(v.key), hex(v.frame));
    assert.is(plaintext.toString('hex'), hex(v.plaintext).toString('hex'));
    assert.is(header.sessionId, v.sessionId);
    assert.is(header.originalMessageSize, plaintext.length);
  });
}

test('a message given as chunks encrypts the same as the whole message', () => {
  for (const v of FOREIGN) {
    const whole = hex(v.plaintext);
    const chunks = [whole.subarray(0, 64), whole.subarray(64, 65), whole.subarray(65)];
    const frame = Buffer.concat(encryptMessage(v.cipher, hex(v.key), v.sessionId, chunks, hex(v.nonce)));
    assert.is(frame.toString('hex'), hex(v.frame).toString('hex'), v.name);
  }
});

function sampleMessage(size: number): Buffer {
  const message = Buffer.alloc(size);
  for (let i = 0; i < size; i++) message[i] = (i * 31 + 7) & 0xff;
  message.writeUInt32LE(0x424d53fe, 0);
  return message;
}
const keyFor = (cipher: CipherName): Buffer => Buffer.alloc(cipher.startsWith('aes-256') ? 32 : 16, 0x5c);

for (const cipher of CIPHERS) {
  test(`${cipher}: round trip with a random nonce`, () => {
    const message = sampleMessage(70_000);
    const chunks = encryptMessage(cipher, keyFor(cipher), 0xabcdefn, [message.subarray(0, 100), message.subarray(100)]);
    const frame = Buffer.concat(chunks);
    assert.is(frame.length, 52 + message.length);
    const nonceLength = cipher.endsWith('ccm') ? 11 : 12;
    assert.ok(frame.subarray(20 + nonceLength, 36).equals(Buffer.alloc(16 - nonceLength)), 'unused nonce bytes are zero');
    const { header, plaintext } = decryptMessage(cipher, keyFor(cipher), frame);
    assert.ok(plaintext.equals(message));
    assert.is(header.sessionId, 0xabcdefn);
    assert.is(header.flags, 1);
    const again = Buffer.concat(encryptMessage(cipher, keyFor(cipher), 0xabcdefn, message));
    assert.is.not(again.subarray(20, 36).toString('hex'), frame.subarray(20, 36).toString('hex'), 'fresh nonce each time');
  });

  test(`${cipher}: flipping any region of the frame fails authentication`, () => {
    const frame = Buffer.concat(encryptMessage(cipher, keyFor(cipher), 7n, sampleMessage(200)));
    // Signature, Nonce, OriginalMessageSize, Reserved, SessionId, ciphertext start and end.
    for (const offset of [4, 19, 20, 35, 36, 40, 44, 51, 52, frame.length - 1]) {
      const tampered = Buffer.from(frame);
      tampered[offset]! ^= 0x80;
      assert.throws(() => decryptMessage(cipher, keyFor(cipher), tampered), (e: unknown) => e instanceof DecryptionFailed, `byte ${offset}`);
    }
    const wrongKey = Buffer.from(keyFor(cipher));
    wrongKey[0]! ^= 1;
    assert.throws(() => decryptMessage(cipher, wrongKey, frame), isDecryptionFailed);
  });

  test(`${cipher}: truncated or extended frames are errors, not crashes`, () => {
    const frame = Buffer.concat(encryptMessage(cipher, keyFor(cipher), 7n, sampleMessage(100)));
    for (let length = 0; length < frame.length; length++) {
      assert.throws(
        () => decryptMessage(cipher, keyFor(cipher), frame.subarray(0, length)),
        (e: unknown) => e instanceof ProtocolViolation,
        `length ${length}`,
      );
    }
    assert.throws(() => decryptMessage(cipher, keyFor(cipher), Buffer.concat([frame, Buffer.alloc(1)])), isDecryptionFailed);
  });
}

test('Flags other than 0x0001 are refused before decrypting', () => {
  const frame = Buffer.concat(encryptMessage('aes-128-gcm', keyFor('aes-128-gcm'), 1n, sampleMessage(80)));
  frame.writeUInt16LE(0, 42);
  assert.throws(() => decryptMessage('aes-128-gcm', keyFor('aes-128-gcm'), frame), isDecryptionFailed);
});

test('a frame that is not a transform is a ProtocolViolation', () => {
  const frame = Buffer.concat(encryptMessage('aes-128-gcm', keyFor('aes-128-gcm'), 1n, sampleMessage(80)));
  frame[0] = 0xfe;
  assert.throws(
    () => decryptMessage('aes-128-gcm', keyFor('aes-128-gcm'), frame),
    (e: unknown) => e instanceof ProtocolViolation && !(e instanceof DecryptionFailed),
  );
});

test('wrong key or nonce lengths and empty messages are RangeErrors', () => {
  const isRangeError = (e: unknown): boolean => e instanceof RangeError;
  assert.throws(() => encryptMessage('aes-256-gcm', Buffer.alloc(16), 1n, sampleMessage(64)), isRangeError);
  assert.throws(() => encryptMessage('aes-128-ccm', Buffer.alloc(16), 1n, sampleMessage(64), Buffer.alloc(12)), isRangeError);
  assert.throws(() => encryptMessage('aes-128-gcm', Buffer.alloc(16), 1n, []), isRangeError);
  assert.throws(() => decryptMessage('aes-128-ccm', Buffer.alloc(32), Buffer.alloc(200)), isRangeError);
});

test('cipherFromId maps MS-SMB2 2.2.3.1.2 ids', () => {
  assert.is(cipherFromId(CipherId.AES_128_CCM), 'aes-128-ccm');
  assert.is(cipherFromId(CipherId.AES_128_GCM), 'aes-128-gcm');
  assert.is(cipherFromId(CipherId.AES_256_CCM), 'aes-256-ccm');
  assert.is(cipherFromId(CipherId.AES_256_GCM), 'aes-256-gcm');
  assert.is(cipherFromId(0), undefined);
  assert.is(cipherFromId(5), undefined);
});

test.run();
