// The NTLM one-way functions and the NTLMv2 response arithmetic (MS-NLMP 3.3.1, 3.3.2).

import { createHmac } from 'node:crypto';
import { md4 } from './md4.ts';

export function hmacMd5(key: Buffer, ...data: Buffer[]): Buffer {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return h.digest();
}

/** NTOWFv1 (MS-NLMP 3.3.1): MD4(UNICODE(Passwd)), the "NT hash" an account database stores. */
export function ntHash(password: string): Buffer {
  return md4(Buffer.from(password, 'utf16le'));
}

/**
 * Windows upper-cases names one UTF-16 code unit at a time and never changes their length, so characters
 * whose JavaScript upper case expands (ß → SS) stay as they are.
 */
function upcase(s: string): string {
  let out = '';
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += up.length === ch.length ? up : ch;
  }
  return out;
}

/** NTOWFv2 (MS-NLMP 3.3.2) from the stored NT hash: HMAC_MD5(NT hash, UNICODE(Uppercase(User) + UserDom)). */
export function ntowfv2(ntHashOfPassword: Buffer, user: string, userDom: string): Buffer {
  return hmacMd5(ntHashOfPassword, Buffer.from(upcase(user) + userDom, 'utf16le'));
}

/**
 * NTProofStr (MS-NLMP 3.3.2): HMAC_MD5(ResponseKeyNT, ServerChallenge + temp), where temp is the
 * NTLMv2_CLIENT_CHALLENGE the client sent after its 16-byte proof.
 */
export function ntProofStr(responseKeyNT: Buffer, serverChallenge: Buffer, temp: Buffer): Buffer {
  return hmacMd5(responseKeyNT, serverChallenge, temp);
}

/** SessionBaseKey for NTLMv2 (MS-NLMP 3.3.2): HMAC_MD5(ResponseKeyNT, NTProofStr). */
export function sessionBaseKeyV2(responseKeyNT: Buffer, proof: Buffer): Buffer {
  return hmacMd5(responseKeyNT, proof);
}
