// Everything that differs between dialects, in one place (MS-SMB2 3.3.5.4 and 3.3.5.5.3), so handlers
// never branch on dialect numbers.

import { Capabilities, Dialect } from '../protocol/constants.ts';
import type { SigningAlgorithm } from '../auth/signing.ts';

export interface DialectProfile {
  dialect: number;
  /** Default signing algorithm when no SIGNING_CAPABILITIES context chose one. */
  defaultSigning: SigningAlgorithm;
  /** Keys are derived with the SP800-108 KDF (3.x) rather than used as is (2.x). */
  derivesKeys: boolean;
  /** Preauth integrity hash feeds key derivation (3.1.1). */
  preauthIntegrity: boolean;
  /** Negotiate contexts are exchanged (3.1.1). */
  negotiateContexts: boolean;
  /** Encryption is possible at all. */
  encryption: boolean;
  /** Cipher when no ENCRYPTION_CAPABILITIES context chose one (3.0/3.0.2: AES-128-CCM). */
  impliedCipherId: number | undefined;
  /** CreditCharge is honoured (2.1+ with LARGE_MTU). */
  multiCredit: boolean;
  /** Capabilities this server advertises for the dialect (before policy masks them); 3.x offers multichannel (MS-SMB2 3.3.5.5.2). */
  capabilities: number;
  /** FSCTL_VALIDATE_NEGOTIATE_INFO applies (3.0 and 3.0.2; 3.1.1 uses preauth integrity instead but answers it too). */
  validateNegotiate: boolean;
}

const smb2 = {
  defaultSigning: 'hmac-sha256',
  derivesKeys: false,
  preauthIntegrity: false,
  negotiateContexts: false,
  encryption: false,
  impliedCipherId: undefined,
  validateNegotiate: false,
} as const;

const smb3 = {
  defaultSigning: 'aes-128-cmac',
  derivesKeys: true,
  encryption: true,
  multiCredit: true,
  validateNegotiate: true,
} as const;

const profiles: Record<number, DialectProfile> = {
  [Dialect.SMB2_0_2]: { ...smb2, dialect: Dialect.SMB2_0_2, multiCredit: false, capabilities: 0 },
  [Dialect.SMB2_1]: {
    ...smb2,
    dialect: Dialect.SMB2_1,
    multiCredit: true,
    capabilities: Capabilities.LARGE_MTU | Capabilities.LEASING,
  },
  [Dialect.SMB3_0]: {
    ...smb3,
    dialect: Dialect.SMB3_0,
    preauthIntegrity: false,
    negotiateContexts: false,
    impliedCipherId: 0x0001,
    capabilities: Capabilities.LARGE_MTU | Capabilities.LEASING | Capabilities.DIRECTORY_LEASING | Capabilities.ENCRYPTION | Capabilities.MULTI_CHANNEL,
  },
  [Dialect.SMB3_0_2]: {
    ...smb3,
    dialect: Dialect.SMB3_0_2,
    preauthIntegrity: false,
    negotiateContexts: false,
    impliedCipherId: 0x0001,
    capabilities: Capabilities.LARGE_MTU | Capabilities.LEASING | Capabilities.DIRECTORY_LEASING | Capabilities.ENCRYPTION | Capabilities.MULTI_CHANNEL,
  },
  [Dialect.SMB3_1_1]: {
    ...smb3,
    dialect: Dialect.SMB3_1_1,
    preauthIntegrity: true,
    negotiateContexts: true,
    impliedCipherId: undefined,
    // MS-SMB2 3.3.5.4: in 3.1.1 encryption is negotiated by context, not by this capability bit.
    capabilities: Capabilities.LARGE_MTU | Capabilities.LEASING | Capabilities.DIRECTORY_LEASING | Capabilities.MULTI_CHANNEL,
  },
};

export const SUPPORTED_DIALECTS: readonly number[] = [
  Dialect.SMB2_0_2,
  Dialect.SMB2_1,
  Dialect.SMB3_0,
  Dialect.SMB3_0_2,
  Dialect.SMB3_1_1,
];

export function dialectProfile(dialect: number): DialectProfile {
  const p = profiles[dialect];
  if (!p) throw new Error(`no profile for dialect 0x${dialect.toString(16)}`);
  return p;
}
