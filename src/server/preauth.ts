// MS-SMB2 3.3.5.4 / 3.3.5.5: the 3.1.1 preauth integrity hash chains SHA-512 over every NEGOTIATE and
// SESSION_SETUP message, so a tampered negotiation yields different keys on the two ends.

import { createHash } from 'node:crypto';

export const INITIAL_PREAUTH_HASH = Buffer.alloc(64);

export function extendPreauthHash(previous: Buffer, message: Buffer): Buffer {
  return createHash('sha512').update(previous).update(message).digest();
}
