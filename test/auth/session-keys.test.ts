import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deriveSessionKeys } from '../../src/auth/session-keys.ts';
import type { SessionKeys } from '../../src/auth/session-keys.ts';
import { CipherId, Dialect } from '../../src/protocol/constants.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const asHex = (k: SessionKeys) => ({
  signingKey: k.signingKey.toString('hex'),
  encryptionKey: k.encryptionKey.toString('hex'),
  decryptionKey: k.decryptionKey.toString('hex'),
  applicationKey: k.applicationKey.toString('hex'),
});

// The Microsoft blog vectors below were taken by a test *client*: its EncryptionKey is our
// (server's) decryptionKey and its DecryptionKey our encryptionKey.
interface ClientView {
  sessionKey: string;
  preauthHash?: string;
  cipherId?: number;
  signingKey: string;
  encryptionKey: string;
  decryptionKey: string;
  applicationKey: string;
}
function expectServerKeys(dialect: number, v: ClientView): void {
  const keys = deriveSessionKeys(dialect, hex(v.sessionKey), v.preauthHash ? hex(v.preauthHash) : undefined, v.cipherId);
  assert.equal(asHex(keys), {
    signingKey: v.signingKey.toLowerCase(),
    encryptionKey: v.decryptionKey.toLowerCase(),
    decryptionKey: v.encryptionKey.toLowerCase(),
    applicationKey: v.applicationKey.toLowerCase(),
  });
}

test('3.0: "the anatomy of signing and cryptographic keys" blog, SMB 3.0 multichannel example', () => {
  expectServerKeys(Dialect.SMB3_0, {
    sessionKey: '7CD451825D0450D235424E44BA6E78CC',
    signingKey: '0B7E9C5CAC36C0F6EA9AB275298CEDCE',
    encryptionKey: 'FAD27796665B313EBB578F388632B4F7',
    decryptionKey: 'B0F0427F7CEB416D1D9DCC0CD4F99447',
    applicationKey: 'BB23A4575AA26C721AF525AF15A87B4F',
  });
});

test('3.0: second channel signing key of the same example', () => {
  const keys = deriveSessionKeys(Dialect.SMB3_0, hex('4E01A2B313BCF660CC250BEF021AEDE6'), undefined, undefined);
  assert.is(keys.signingKey.toString('hex'), 'ba1a17dbbfec349bca105563d598952f');
});

test('3.0.2 derives like 3.0', () => {
  const key = hex('7CD451825D0450D235424E44BA6E78CC');
  assert.equal(asHex(deriveSessionKeys(Dialect.SMB3_0_2, key, undefined, undefined)), asHex(deriveSessionKeys(Dialect.SMB3_0, key, undefined, undefined)));
});

test('3.1.1 AES-128-GCM: "SMB 3.1.1 Encryption in Windows 10" blog, appendix A.1', () => {
  expectServerKeys(Dialect.SMB3_1_1, {
    sessionKey: '419FDDF34C1E001909D362AE7FB6AF79',
    preauthHash: `B23F3CBFD69487D9832B79B1594A367CDD950909B774C3A4C412B4FCEA9EDDDBA7DB256BA2EA30E9
                  77F11F9B113247578E0E915C6D2A513B8F2FCA5707DC8770`,
    cipherId: CipherId.AES_128_GCM,
    signingKey: '8765949DFEAEE105CE9118B45BE988F0',
    encryptionKey: 'A2F5E80E5D59103034F32E52F698E5EC',
    decryptionKey: '748C50868C90F302962A5C35F5F9A8BF',
    applicationKey: '099D610789FBE82055B313601C3E8CC4',
  });
});

test('3.1.1 AES-128-CCM: "SMB 3.1.1 Encryption in Windows 10" blog, appendix A.2', () => {
  expectServerKeys(Dialect.SMB3_1_1, {
    sessionKey: '07B7F69C1E2581662DF6987E88F9E891',
    preauthHash: `DECF98A420718718F22090D3580FCC5E484BD310FA1268210C6E86335A8891E767F5BCD99FA5A785
                  9D665AD07A73EA94E1BCDB7CFA69A6962A28A244138340B1`,
    cipherId: CipherId.AES_128_CCM,
    signingKey: '3DCC82C5795AE27F383242761078C59B',
    encryptionKey: 'DFAAA31AAE40A2485D47AC4DF09FDA1D',
    decryptionKey: '95C544AEF6072680DA1CE49A68A97FA6',
    applicationKey: '7A2F0F73EC2D530879B2913BBFCE242F',
  });
});

test('3.1.1: "the anatomy of signing and cryptographic keys" blog, SMB 3.1.1 multichannel example', () => {
  expectServerKeys(Dialect.SMB3_1_1, {
    sessionKey: '270E1BA896585EEB7AF3472D3B4C75A7',
    preauthHash: `0DD13628CC3ED218EF9DF9772D436D0887AB9814BFAE63A80AA845F36909DB7928622DDDAD522D97
                  51640A459762C5A9D6BB084CBB3CE6BDADEF5D5BCE3C6C01`,
    cipherId: CipherId.AES_128_GCM,
    signingKey: '73FE7A9A77BEF0BDE49C650D8CCB5F76',
    encryptionKey: '629BCBC54422A0F572B97F45989B6073',
    decryptionKey: 'E2AF0DCEFAC68DA71A0DFBD0D1350D74',
    applicationKey: '6D7AD7954E9EC61E907B4D473DC178FF',
  });
});

// Produced with impacket.crypto.KDF_CounterMode (test/fixtures/crypto/generate-impacket-vectors.py):
// cipher keys from the whole 32-byte key with L = 256, the others from its first 16 bytes.
const impacket = JSON.parse(readFileSync(new URL('../fixtures/crypto/impacket-vectors.json', import.meta.url), 'utf8')) as {
  sessionKeysAes256: { fullSessionKey: string; preauthIntegrityHash: string } & ReturnType<typeof asHex>;
};

for (const cipherId of [CipherId.AES_256_CCM, CipherId.AES_256_GCM]) {
  test(`3.1.1 with cipher ${cipherId}: 256-bit cipher keys from the full (Kerberos-sized) session key`, () => {
    const v = impacket.sessionKeysAes256;
    const keys = deriveSessionKeys(Dialect.SMB3_1_1, hex(v.fullSessionKey), hex(v.preauthIntegrityHash), cipherId);
    assert.equal(asHex(keys), {
      signingKey: v.signingKey,
      encryptionKey: v.encryptionKey,
      decryptionKey: v.decryptionKey,
      applicationKey: v.applicationKey,
    });
    assert.is(keys.encryptionKey.length, 32);
  });
}

test('3.1.1 with an AES-128 cipher uses only the first 16 bytes of a longer key', () => {
  const full = Buffer.alloc(32, 0x5a);
  full.fill(0xa5, 16);
  const preauth = Buffer.alloc(64, 3);
  const fromFull = deriveSessionKeys(Dialect.SMB3_1_1, full, preauth, CipherId.AES_128_GCM);
  const fromFirst16 = deriveSessionKeys(Dialect.SMB3_1_1, full.subarray(0, 16), preauth, CipherId.AES_128_GCM);
  assert.equal(asHex(fromFull), asHex(fromFirst16));
});

test('2.0.2 and 2.1 sign with the session key itself and have no cipher keys', () => {
  for (const dialect of [Dialect.SMB2_0_2, Dialect.SMB2_1]) {
    const keys = deriveSessionKeys(dialect, hex('00112233445566778899aabbccddeeff0123'), undefined, undefined);
    assert.equal(asHex(keys), {
      signingKey: '00112233445566778899aabbccddeeff',
      encryptionKey: '',
      decryptionKey: '',
      applicationKey: '00112233445566778899aabbccddeeff',
    });
  }
});

test('a key shorter than 16 bytes is right-padded with zeros (MS-SMB2 3.3.1.8)', () => {
  const keys = deriveSessionKeys(Dialect.SMB2_1, hex('0102030405060708'), undefined, undefined);
  assert.is(keys.signingKey.toString('hex'), '01020304050607080000000000000000');
});

test('3.1.1 without a preauth hash, an empty key and an unknown dialect are refused', () => {
  assert.throws(() => deriveSessionKeys(Dialect.SMB3_1_1, Buffer.alloc(16, 1), undefined, undefined), (e: unknown) => e instanceof TypeError);
  assert.throws(() => deriveSessionKeys(Dialect.SMB3_0, Buffer.alloc(0), undefined, undefined), (e: unknown) => e instanceof RangeError);
  assert.throws(() => deriveSessionKeys(Dialect.WILDCARD, Buffer.alloc(16, 1), undefined, undefined), (e: unknown) => e instanceof RangeError);
});

test.run();
