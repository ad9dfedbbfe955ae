import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtlmSessionSecurity, sealKey, signKey } from '../../src/auth/ntlm-session-security.ts';
import { NtlmFlags } from '../../src/auth/ntlmssp.ts';
import { common, v2 } from './helpers/ms-nlmp-vectors.ts';

test('MS-NLMP 4.2.4.4: client signing and sealing keys from ExportedSessionKey', () => {
  assert.equal(signKey(common.randomSessionKey, 'client-to-server'), v2.clientSigningKey);
  assert.equal(sealKey(common.randomSessionKey, v2.challengeFlags, 'client-to-server'), v2.clientSealingKey);
});

test('MS-NLMP 4.2.4.4: GSS_WrapEx of "Plaintext" with sequence number 0', () => {
  const client = new NtlmSessionSecurity(common.randomSessionKey, v2.challengeFlags, 'client');
  const { sealed, signature } = client.seal(v2.plaintext);
  assert.equal(sealed, v2.sealed);
  assert.equal(signature, v2.signature);
});

test('the server unseals what the 4.2.4.4 client sealed, and rejects a tampered signature', () => {
  const server = new NtlmSessionSecurity(common.randomSessionKey, v2.challengeFlags, 'server');
  assert.equal(server.unseal(v2.sealed, v2.signature), v2.plaintext);
  const other = new NtlmSessionSecurity(common.randomSessionKey, v2.challengeFlags, 'server');
  const bad = Buffer.from(v2.signature);
  bad[5]! ^= 1;
  assert.is(other.unseal(v2.sealed, bad), undefined);
});

for (const [name, flags] of [
  ['key exchange, 128-bit', v2.challengeFlags],
  ['no key exchange', NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_SIGN],
  ['56-bit', NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmFlags.NEGOTIATE_KEY_EXCH | NtlmFlags.NEGOTIATE_56],
] as const) {
  test(`signatures verify in both directions with advancing sequence numbers (${name})`, () => {
    const key = Buffer.alloc(16, 0x3c);
    const client = new NtlmSessionSecurity(key, flags, 'client');
    const server = new NtlmSessionSecurity(key, flags, 'server');
    for (let seq = 0; seq < 3; seq++) {
      const toServer = client.sign(Buffer.from(`request ${seq}`));
      assert.is(toServer.readUInt32LE(12), seq);
      assert.ok(server.verify(Buffer.from(`request ${seq}`), toServer));
      const toClient = server.sign(Buffer.from(`reply ${seq}`));
      assert.ok(client.verify(Buffer.from(`reply ${seq}`), toClient));
    }
  });
}

test('a signature does not verify for another message, the wrong direction, or a replay', () => {
  const key = Buffer.alloc(16, 7);
  const client = new NtlmSessionSecurity(key, v2.challengeFlags, 'client');
  const sig = client.sign(Buffer.from('hello'));
  assert.not.ok(new NtlmSessionSecurity(key, v2.challengeFlags, 'server').verify(Buffer.from('hellO'), sig));
  assert.not.ok(new NtlmSessionSecurity(key, v2.challengeFlags, 'client').verify(Buffer.from('hello'), sig));
  const server = new NtlmSessionSecurity(key, v2.challengeFlags, 'server');
  assert.ok(server.verify(Buffer.from('hello'), sig));
  assert.not.ok(server.verify(Buffer.from('hello'), sig));
  assert.not.ok(server.verify(Buffer.from('hello'), sig.subarray(0, 15)));
});

test('session security needs extended session security and a 16-byte key', () => {
  assert.throws(() => new NtlmSessionSecurity(Buffer.alloc(16), NtlmFlags.NEGOTIATE_SIGN, 'server'));
  assert.throws(() => new NtlmSessionSecurity(Buffer.alloc(8), v2.challengeFlags, 'server'), RangeError);
});

test.run();
