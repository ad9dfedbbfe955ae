import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ntHash, ntProofStr, ntowfv2, sessionBaseKeyV2 } from '../../src/auth/ntlm-hash.ts';
import { rc4 } from '../../src/auth/rc4.ts';
import { common, ntowfv1, v2 } from './helpers/ms-nlmp-vectors.ts';

test('MS-NLMP 4.2.2.1.2: NTOWFv1("Password") is the NT hash', () => {
  assert.equal(ntHash(common.password), ntowfv1);
});

test('MS-NLMP 4.2.4.1.1: NTOWFv2("Password", "User", "Domain")', () => {
  assert.equal(ntowfv2(ntHash(common.password), common.user, common.userDom), v2.responseKeyNT);
});

test('NTOWFv2 upper-cases the user name but not the domain (MS-NLMP 3.3.2)', () => {
  const nt = ntHash(common.password);
  assert.equal(ntowfv2(nt, 'user', common.userDom), v2.responseKeyNT);
  assert.not.equal(ntowfv2(nt, common.user, 'DOMAIN'), v2.responseKeyNT);
});

test('NTOWFv2 keeps characters whose upper case would change the length', () => {
  const nt = ntHash('x');
  // 'ß'.toUpperCase() is 'SS'; Windows leaves it alone, so the key must equal the one for the literal 'ß'.
  assert.equal(ntowfv2(nt, 'straße', ''), ntowfv2(nt, 'STRAßE', ''));
  assert.not.equal(ntowfv2(nt, 'straße', ''), ntowfv2(nt, 'STRASSE', ''));
});

test('MS-NLMP 4.2.4.2.2 / 4.2.4.1.2: NTProofStr and SessionBaseKey of the example response', () => {
  // temp is the NTLMv2_CLIENT_CHALLENGE the example AUTHENTICATE_MESSAGE carries after the 16-byte proof.
  const nt = v2.authenticateMessage.subarray(0x84, 0x84 + 0x54);
  const proof = ntProofStr(v2.responseKeyNT, common.serverChallenge, nt.subarray(16));
  assert.equal(proof, v2.ntProofStr);
  assert.equal(sessionBaseKeyV2(v2.responseKeyNT, proof), v2.sessionBaseKey);
});

test('MS-NLMP 4.2.4.2.3: RC4K(KeyExchangeKey, RandomSessionKey) is the encrypted session key', () => {
  assert.equal(rc4(v2.sessionBaseKey, common.randomSessionKey), v2.encryptedSessionKey);
  assert.equal(rc4(v2.sessionBaseKey, v2.encryptedSessionKey), common.randomSessionKey);
});

test.run();
