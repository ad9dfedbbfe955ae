// NTLM session security with extended session security (MS-NLMP 3.4): signing and sealing keys for each
// direction, message signatures (3.4.4.2) and sealing (3.4.3). SPNEGO uses the signature as its
// mechListMIC (GSS_GetMIC / GSS_VerifyMIC).

import { createHash, timingSafeEqual } from 'node:crypto';
import { hmacMd5 } from './ntlm-hash.ts';
import { NtlmFlags } from './ntlmssp.ts';
import { Rc4 } from './rc4.ts';

export type NtlmDirection = 'client-to-server' | 'server-to-client';

/** Length of NTLMSSP_MESSAGE_SIGNATURE (MS-NLMP 2.2.2.9.2). */
export const NTLM_SIGNATURE_LENGTH = 16;

function md5(...parts: Buffer[]): Buffer {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
}

function magic(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'latin1');
}

/** SIGNKEY (MS-NLMP 3.4.5.2) with extended session security. */
export function signKey(exportedSessionKey: Buffer, direction: NtlmDirection): Buffer {
  return md5(exportedSessionKey, magic(`session key to ${direction} signing key magic constant`));
}

/** SEALKEY (MS-NLMP 3.4.5.3) with extended session security: the key is weakened unless 128-bit was negotiated. */
export function sealKey(exportedSessionKey: Buffer, negotiateFlags: number, direction: NtlmDirection): Buffer {
  const length = negotiateFlags & NtlmFlags.NEGOTIATE_128 ? 16 : negotiateFlags & NtlmFlags.NEGOTIATE_56 ? 7 : 5;
  return md5(exportedSessionKey.subarray(0, length), magic(`session key to ${direction} sealing key magic constant`));
}

interface DirectionState {
  signingKey: Buffer;
  handle: Rc4;
  seqNum: number;
}

function directionState(exportedSessionKey: Buffer, flags: number, direction: NtlmDirection): DirectionState {
  return {
    signingKey: signKey(exportedSessionKey, direction),
    handle: new Rc4(sealKey(exportedSessionKey, flags, direction)),
    seqNum: 0,
  };
}

/**
 * One side of an established NTLM security context, connection-oriented: each direction keeps its own
 * sequence number and RC4 state for the life of the context (MS-NLMP 3.4.4).
 */
export class NtlmSessionSecurity {
  readonly #keyExch: boolean;
  readonly #outgoing: DirectionState;
  readonly #incoming: DirectionState;

  constructor(exportedSessionKey: Buffer, negotiateFlags: number, role: 'client' | 'server') {
    if (!(negotiateFlags & NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY)) {
      throw new Error('NTLM session security is implemented only with extended session security');
    }
    if (exportedSessionKey.length !== 16) throw new RangeError('ExportedSessionKey must be 16 bytes');
    this.#keyExch = (negotiateFlags & NtlmFlags.NEGOTIATE_KEY_EXCH) !== 0;
    const mine: NtlmDirection = role === 'client' ? 'client-to-server' : 'server-to-client';
    const theirs: NtlmDirection = role === 'client' ? 'server-to-client' : 'client-to-server';
    this.#outgoing = directionState(exportedSessionKey, negotiateFlags, mine);
    this.#incoming = directionState(exportedSessionKey, negotiateFlags, theirs);
  }

  /** MAC (MS-NLMP 3.4.4.2): Version 1, checksum = HMAC_MD5(SigningKey, SeqNum + Message)[0..7], RC4'd with KEY_EXCH. */
  #mac(state: DirectionState, message: Buffer): Buffer {
    const seq = Buffer.alloc(4);
    seq.writeUInt32LE(state.seqNum, 0);
    let checksum = hmacMd5(state.signingKey, seq, message).subarray(0, 8);
    if (this.#keyExch) checksum = state.handle.update(checksum);
    const signature = Buffer.alloc(NTLM_SIGNATURE_LENGTH);
    signature.writeUInt32LE(1, 0);
    checksum.copy(signature, 4);
    seq.copy(signature, 12);
    state.seqNum = (state.seqNum + 1) >>> 0;
    return signature;
  }

  /** GSS_GetMIC: the signature of an outgoing message. */
  sign(message: Buffer): Buffer {
    return this.#mac(this.#outgoing, message);
  }

  /** GSS_VerifyMIC: checks the signature of an incoming message against the next expected sequence number. */
  verify(message: Buffer, signature: Buffer): boolean {
    if (signature.length !== NTLM_SIGNATURE_LENGTH) return false;
    return timingSafeEqual(this.#mac(this.#incoming, message), signature);
  }

  /** GSS_WrapEx (MS-NLMP 3.4.3): the message is encrypted first, then its checksum, with the same RC4 state. */
  seal(message: Buffer): { sealed: Buffer; signature: Buffer } {
    const sealed = this.#outgoing.handle.update(message);
    return { sealed, signature: this.#mac(this.#outgoing, message) };
  }

  /** GSS_UnwrapEx: the plaintext, or undefined when the signature does not match. */
  unseal(sealed: Buffer, signature: Buffer): Buffer | undefined {
    const message = this.#incoming.handle.update(sealed);
    if (signature.length !== NTLM_SIGNATURE_LENGTH) return undefined;
    return timingSafeEqual(this.#mac(this.#incoming, message), signature) ? message : undefined;
  }
}
