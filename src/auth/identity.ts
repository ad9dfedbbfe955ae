// Who a session belongs to. Identities are SIDs (MS-DTYP 2.4.2) so access checks and security descriptors
// work the same whichever mechanism (NTLM, Kerberos, directory) authenticated the user.

export interface Identity {
  /** Account name as the client typed it (case preserved). */
  user: string;
  /** NetBIOS domain or workgroup the account belongs to. */
  domain: string;
  /** Account SID, e.g. "S-1-5-21-…-1001". */
  sid: string;
  /** Group SIDs the account is a member of (primary group first). */
  groupSids: string[];
  isGuest: boolean;
  isAnonymous: boolean;
}

/** NTLM needs the NT one-way function of the password (MS-NLMP 3.3.2 NTOWFv2 builds on it). */
export interface NtlmAccount {
  identity: Identity;
  /** MD4(UTF-16LE(password)), 16 bytes (MS-NLMP 3.3.1 NTOWFv1). */
  ntHash: Buffer;
}

/**
 * Where accounts come from. The in-memory provider serves `--user NAME:PASSWORD`; directory-backed
 * providers (LDAP, AD via Kerberos) implement the same interface.
 */
export interface IdentityProvider {
  /** The account for an NTLM logon, or undefined when the user is unknown. Names compare case-insensitively. */
  lookupNtlmAccount(user: string, domain: string): Promise<NtlmAccount | undefined>;
  /** The identity guests are mapped to, or undefined when guest access is off. */
  guestIdentity(): Identity | undefined;
  /** The identity for anonymous (null session) logons, or undefined when they are refused. */
  anonymousIdentity(): Identity | undefined;
}

/** Well-known SIDs (MS-DTYP 2.4.2.4). */
export const WellKnownSid = {
  EVERYONE: 'S-1-1-0',
  ANONYMOUS: 'S-1-5-7',
  AUTHENTICATED_USERS: 'S-1-5-11',
  BUILTIN_USERS: 'S-1-5-32-545',
  BUILTIN_GUESTS: 'S-1-5-32-546',
  BUILTIN_ADMINISTRATORS: 'S-1-5-32-544',
  LOCAL_SYSTEM: 'S-1-5-18',
  /** Placeholders that inheritance replaces with the new object's owner and group (MS-DTYP 2.5.3.4.2). */
  CREATOR_OWNER: 'S-1-3-0',
  CREATOR_GROUP: 'S-1-3-1',
  /** ACEs for it replace the owner's implicit READ_CONTROL | WRITE_DAC (MS-DTYP 2.5.3.2). */
  OWNER_RIGHTS: 'S-1-3-4',
} as const;
