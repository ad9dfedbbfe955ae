// The keys of an authenticated session, derived from the key the authentication mechanism produced
// (MS-SMB2 3.3.5.5.3 on the server, 3.2.5.3.1 on the client; labels from 3.1.4.2's callers).

import { CipherId, Dialect } from '../protocol/constants.ts';
import { smb3Kdf } from './kdf.ts';

export interface SessionKeys {
  /** Session.SigningKey (3.x) or Session.SessionKey (2.x): signs messages of this session. */
  signingKey: Buffer;
  /** Session.EncryptionKey: encrypts server→client messages ('ServerOut' / 'SMBS2CCipherKey'). Empty for 2.x. */
  encryptionKey: Buffer;
  /** Session.DecryptionKey: decrypts client→server messages ('ServerIn ' / 'SMBC2SCipherKey'). Empty for 2.x. */
  decryptionKey: Buffer;
  /** Session.ApplicationKey: the key handed to named-pipe applications such as RPC servers (MS-SMB2 3.3.4.5). */
  applicationKey: Buffer;
}

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');

/** MS-SMB2 3.3.5.5.3: labels and constant contexts for dialects 3.0 and 3.0.2. */
const SMB30 = {
  signing: [ascii('SMB2AESCMAC\0'), ascii('SmbSign\0')],
  application: [ascii('SMB2APP\0'), ascii('SmbRpc\0')],
  encryption: [ascii('SMB2AESCCM\0'), ascii('ServerOut\0')],
  decryption: [ascii('SMB2AESCCM\0'), ascii('ServerIn \0')],
} as const;

/** MS-SMB2 3.3.5.5.3: labels for dialect 3.1.1, whose context is Session.PreauthIntegrityHashValue. */
const SMB311 = {
  signing: ascii('SMBSigningKey\0'),
  application: ascii('SMBAppKey\0'),
  encryption: ascii('SMBS2CCipherKey\0'),
  decryption: ascii('SMBC2SCipherKey\0'),
} as const;

/** MS-SMB2 3.3.1.8 Session.SessionKey: the first 16 bytes of the key, right-padded with zeros if shorter. */
function first16(key: Buffer): Buffer {
  const out = Buffer.alloc(16);
  key.copy(out, 0, 0, 16);
  return out;
}

/**
 * Derives a session's keys.
 * `sessionKey` is the whole cryptographic key of the authenticated context (Session.FullSessionKey:
 * 16 bytes for NTLM, up to 32 for Kerberos). `preauthIntegrityHash` (Session.PreauthIntegrityHashValue)
 * is required for 3.1.1; `cipherId` (Connection.CipherId) selects 256-bit cipher keys for AES-256.
 * Throws RangeError for an empty key or a dialect without SMB2 keys, TypeError for 3.1.1 without a hash.
 */
export function deriveSessionKeys(
  dialect: number,
  sessionKey: Buffer,
  preauthIntegrityHash: Buffer | undefined,
  cipherId: number | undefined,
): SessionKeys {
  if (sessionKey.length === 0) throw new RangeError('a session without a session key has no keys to derive');
  const key = first16(sessionKey);

  switch (dialect) {
    case Dialect.SMB2_0_2:
    case Dialect.SMB2_1:
      // MS-SMB2 3.1.4.1: 2.x signs with Session.SessionKey itself; 3.3.4.5: applications get it too.
      return { signingKey: key, encryptionKey: Buffer.alloc(0), decryptionKey: Buffer.alloc(0), applicationKey: Buffer.from(key) };

    case Dialect.SMB3_0:
    case Dialect.SMB3_0_2:
      return {
        signingKey: smb3Kdf(key, SMB30.signing[0], SMB30.signing[1], 128),
        encryptionKey: smb3Kdf(key, SMB30.encryption[0], SMB30.encryption[1], 128),
        decryptionKey: smb3Kdf(key, SMB30.decryption[0], SMB30.decryption[1], 128),
        applicationKey: smb3Kdf(key, SMB30.application[0], SMB30.application[1], 128),
      };

    case Dialect.SMB3_1_1: {
      if (!preauthIntegrityHash) throw new TypeError('3.1.1 key derivation needs the preauth integrity hash');
      // MS-SMB2 3.3.5.5.3 / 3.1.4.2: AES-256 ciphers take L = 256 and derive from Session.FullSessionKey;
      // every other key derives from the 16-byte Session.SessionKey.
      const aes256 = cipherId === CipherId.AES_256_CCM || cipherId === CipherId.AES_256_GCM;
      const cipherKdk = aes256 ? sessionKey : key;
      const cipherBits = aes256 ? 256 : 128;
      return {
        signingKey: smb3Kdf(key, SMB311.signing, preauthIntegrityHash, 128),
        encryptionKey: smb3Kdf(cipherKdk, SMB311.encryption, preauthIntegrityHash, cipherBits),
        decryptionKey: smb3Kdf(cipherKdk, SMB311.decryption, preauthIntegrityHash, cipherBits),
        applicationKey: smb3Kdf(key, SMB311.application, preauthIntegrityHash, 128),
      };
    }

    default:
      throw new RangeError(`no SMB2 session keys for dialect 0x${dialect.toString(16).padStart(4, '0')}`);
  }
}
