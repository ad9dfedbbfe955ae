import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeSignature, signingAlgorithmFromId, signMessage, verifyMessageSignature } from '../../src/auth/signing.ts';
import type { SigningAlgorithm } from '../../src/auth/signing.ts';
import { Command, HeaderFlags, SigningAlgorithmId } from '../../src/protocol/constants.ts';
import { ProtocolViolation } from '../../src/protocol/status.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const signatureOf = (message: Buffer): string => message.subarray(48, 64).toString('hex');

// Final SESSION_SETUP responses of Windows servers, signed with AES-128-CMAC and the 3.1.1 SigningKey
// derived from the session's preauth hash (Microsoft Open Specifications blog vectors).
const WINDOWS_SIGNED = [
  {
    source: '"SMB 3.1.1 Encryption in Windows 10", appendix A.1',
    signingKey: '8765949DFEAEE105CE9118B45BE988F0',
    message: `FE534D4240000100000000000100800009000000000000000200000000000000FFFE000000000000
              25000000001000006B85A4519A0F3EEA35BA946DD3AFE6B80900000048001D00A11B3019A0030A01
              00A3120410010000003932A87523AB660100000000`,
  },
  {
    source: '"SMB 3.1.1 Encryption in Windows 10", appendix A.2',
    signingKey: '3DCC82C5795AE27F383242761078C59B',
    message: `FE534D4240000100000000000100800009000000000000000200000000000000FFFE000000000000
              21000000001000003676196AEE8CA17E5D50A53642EF2BE40900000048001D00A11B3019A0030A01
              00A3120410010000000F57444342A2717E00000000`,
  },
  {
    source: '"the anatomy of signing and cryptographic keys", SMB 3.1.1 multichannel example',
    signingKey: '73FE7A9A77BEF0BDE49C650D8CCB5F76',
    message: `FE534D4240000100000000000100800009000000000000000300000000000000FFFE000000000000
              1900000000100000EBE146DA120BA25FC3376A49DFE31BC10900000048001D00A11B3019A0030A01
              00A3120410010000003B453CDC3524164200000000`,
  },
];

// HMAC-SHA256 and AES-CMAC messages signed by impacket's SMB3.signSMB; AES-GMAC ones signed with
// pycryptodome's AES-GCM (test/fixtures/crypto/generate-impacket-vectors.py).
const impacket = JSON.parse(readFileSync(new URL('../fixtures/crypto/impacket-vectors.json', import.meta.url), 'utf8')) as {
  signing: Array<{ alg: SigningAlgorithm; key: string; signed: string }>;
  gmac: Array<{ name: string; key: string; signed: string }>;
};
const foreignSigned = [
  ...impacket.signing.map((v) => ({ alg: v.alg, key: hex(v.key), signed: hex(v.signed), name: `${v.alg} (impacket)` })),
  ...impacket.gmac.map((v) => ({ alg: 'aes-128-gmac' as const, key: hex(v.key), signed: hex(v.signed), name: `gmac ${v.name} (pycryptodome)` })),
];

for (const v of WINDOWS_SIGNED) {
  test(`verifies a Windows-signed SESSION_SETUP response: ${v.source}`, () => {
    const message = hex(v.message);
    assert.ok(verifyMessageSignature('aes-128-cmac', hex(v.signingKey), message));
    assert.is(computeSignature('aes-128-cmac', hex(v.signingKey), message).toString('hex'), signatureOf(message));
  });
}

for (const v of foreignSigned) {
  test(`reproduces the signature of a ${v.signed.length}-byte message: ${v.name}`, () => {
    assert.is(computeSignature(v.alg, v.key, v.signed).toString('hex'), signatureOf(v.signed));
    assert.ok(verifyMessageSignature(v.alg, v.key, v.signed));
  });
}

test('computeSignature treats the Signature field as zero and leaves the message alone', () => {
  const { alg, key, signed } = foreignSigned[0]!;
  const before = Buffer.from(signed);
  const other = Buffer.from(signed);
  other.fill(0xee, 48, 64);
  assert.is(computeSignature(alg, key, other).toString('hex'), signatureOf(signed));
  assert.ok(signed.equals(before));
});

for (const alg of ['hmac-sha256', 'aes-128-cmac', 'aes-128-gmac'] as const) {
  test(`${alg}: sign then verify; any flipped bit fails verification`, () => {
    const key = Buffer.alloc(16, 0x42);
    const message = Buffer.alloc(64 + 100, 0x11);
    message.writeUInt32LE(0x424d53fe, 0);
    message.writeUInt32LE(HeaderFlags.SIGNED, 16);
    signMessage(alg, key, message);
    assert.is.not(signatureOf(message), '00'.repeat(16));
    assert.ok(verifyMessageSignature(alg, key, message));
    for (const offset of [0, 12, 16, 24, 47, 48, 63, 64, message.length - 1]) {
      message[offset]! ^= 0x01;
      assert.not.ok(verifyMessageSignature(alg, key, message), `flipped byte ${offset}`);
      message[offset]! ^= 0x01;
    }
    assert.not.ok(verifyMessageSignature(alg, Buffer.alloc(16, 0x43), message), 'other key');
    assert.ok(verifyMessageSignature(alg, key, message));
  });
}

/** `message` cut into consecutive views at `cuts` (ascending), as a response is signed in the chunks it is sent in. */
const cutAt = (message: Buffer, cuts: readonly number[]): Buffer[] =>
  [0, ...cuts].map((start, i) => message.subarray(start, i < cuts.length ? cuts[i] : message.length));

for (const v of foreignSigned) {
  test(`chunks give the signature of the whole message, wherever they are cut: ${v.name}`, () => {
    const expected = signatureOf(v.signed);
    const last = v.signed.length;
    // Cuts inside, at and around the Signature field (48..63) and the nonce fields, plus empty chunks.
    const single = [0, 1, 12, 24, 47, 48, 49, 56, 63, 64, 65, last - 1, last];
    const cuttings = [...single.map((c) => [c]), [48, 64], [47, 65], [50, 60], [64, 64], [0, 0, 48], [1, 2, 3, last - 1]];
    for (const cuts of cuttings) {
      const chunks = cutAt(v.signed, cuts);
      assert.is(computeSignature(v.alg, v.key, chunks).toString('hex'), expected, `cut at ${cuts}`);
      assert.ok(verifyMessageSignature(v.alg, v.key, chunks), `verify, cut at ${cuts}`);

      const unsigned = Buffer.from(v.signed).fill(0, 48, 64);
      signMessage(v.alg, v.key, cutAt(unsigned, cuts));
      assert.ok(unsigned.equals(v.signed), `signMessage writes the signature into the chunks, cut at ${cuts}`);
    }
  });
}

// MS-SMB2 3.1.4.1: nonce = MessageId || 4 bytes with bit 0 = sent by the server, bit 1 = CANCEL request.
function gcmTag(key: Buffer, messageId: bigint, role: number, message: Buffer): string {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64LE(messageId, 0);
  nonce.writeUInt32LE(role, 8);
  const gcm = createCipheriv('aes-128-gcm', key, nonce);
  gcm.setAAD(message);
  gcm.final();
  return gcm.getAuthTag().toString('hex');
}

test('AES-GMAC nonce carries the response bit and the CANCEL bit', () => {
  const key = Buffer.alloc(16, 7);
  const cases = [
    { command: Command.ECHO, flags: 0, role: 0 },
    { command: Command.ECHO, flags: HeaderFlags.SERVER_TO_REDIR, role: 1 },
    { command: Command.CANCEL, flags: 0, role: 2 },
    { command: Command.READ, flags: HeaderFlags.SERVER_TO_REDIR | HeaderFlags.SIGNED | HeaderFlags.ASYNC_COMMAND, role: 1 },
  ];
  for (const { command, flags, role } of cases) {
    const message = Buffer.alloc(64 + 8, 0x33);
    message.writeUInt32LE(0x424d53fe, 0);
    message.writeUInt16LE(command, 12);
    message.writeUInt32LE(flags, 16);
    message.writeBigUInt64LE(0x1122334455667788n, 24);
    message.fill(0, 48, 64);
    const signature = computeSignature('aes-128-gmac', key, message).toString('hex');
    assert.is(signature, gcmTag(key, 0x1122334455667788n, role, message), `command ${command} flags ${flags}`);
    for (const wrongRole of [0, 1, 2, 3].filter((r) => r !== role)) {
      assert.is.not(signature, gcmTag(key, 0x1122334455667788n, wrongRole, message));
    }
  }
});

test('signingAlgorithmFromId maps MS-SMB2 2.2.3.1.7 ids', () => {
  assert.is(signingAlgorithmFromId(SigningAlgorithmId.HMAC_SHA256), 'hmac-sha256');
  assert.is(signingAlgorithmFromId(SigningAlgorithmId.AES_CMAC), 'aes-128-cmac');
  assert.is(signingAlgorithmFromId(SigningAlgorithmId.AES_GMAC), 'aes-128-gmac');
  assert.is(signingAlgorithmFromId(3), undefined);
});

test('a message shorter than the SMB2 header is a ProtocolViolation', () => {
  for (const alg of ['hmac-sha256', 'aes-128-cmac', 'aes-128-gmac'] as const) {
    assert.throws(() => computeSignature(alg, Buffer.alloc(16), Buffer.alloc(63)), (e: unknown) => e instanceof ProtocolViolation);
    assert.throws(() => verifyMessageSignature(alg, Buffer.alloc(16), Buffer.alloc(10)), (e: unknown) => e instanceof ProtocolViolation);
    assert.throws(() => computeSignature(alg, Buffer.alloc(16), [Buffer.alloc(40), Buffer.alloc(23)]), (e: unknown) => e instanceof ProtocolViolation);
    assert.throws(() => signMessage(alg, Buffer.alloc(16), []), (e: unknown) => e instanceof ProtocolViolation);
  }
});

test.run();
