// An IdentityProvider for a fixed list of local accounts (smb3d --user NAME:PASSWORD). The accounts behave
// like a standalone server's local SAM: SIDs under one machine domain SID, and any domain name the client
// offers is accepted, as a standalone Windows server maps unknown domains to its own accounts.

import { createHash } from 'node:crypto';
import { WellKnownSid, type Identity, type IdentityProvider, type NtlmAccount } from './identity.ts';
import { ntHash } from './ntlm-hash.ts';

export interface StaticUser {
  name: string;
  password: string;
  /** Member of BUILTIN\Administrators (full control under the default descriptors, and SACL access). */
  admin?: boolean;
}

export interface StaticIdentityProviderOptions {
  users: readonly StaticUser[];
  /** Map unknown user names to the Guest account ("map to guest = bad user"). */
  guest: boolean;
  /** Accept anonymous (null session) logons. */
  anonymous: boolean;
  /** NetBIOS domain or workgroup the accounts belong to. */
  domain: string;
}

/** Relative IDs of MS-DTYP 2.4.2.4. */
const RID = { GUEST: 501, DOMAIN_USERS: 513, DOMAIN_GUESTS: 514, FIRST_USER: 1000 } as const;

/**
 * "S-1-5-21-a-b-c": a machine domain SID whose three sub-authorities come from a hash of the upper-cased
 * domain name, so a restarted server hands out the same SIDs.
 */
export function machineDomainSid(domain: string): string {
  const digest = createHash('sha256').update(domain.toUpperCase(), 'utf8').digest();
  return `S-1-5-21-${digest.readUInt32LE(0)}-${digest.readUInt32LE(4)}-${digest.readUInt32LE(8)}`;
}

interface Account {
  name: string;
  sid: string;
  ntHash: Buffer;
  admin: boolean;
}

export class StaticIdentityProvider implements IdentityProvider {
  readonly #domain: string;
  readonly #domainSid: string;
  readonly #accounts = new Map<string, Account>();
  readonly #guest: Identity | undefined;
  readonly #anonymous: Identity | undefined;

  constructor(options: StaticIdentityProviderOptions) {
    this.#domain = options.domain;
    this.#domainSid = machineDomainSid(options.domain);
    options.users.forEach((user, index) => {
      const key = user.name.toUpperCase();
      if (this.#accounts.has(key)) throw new Error(`duplicate user name: ${user.name}`);
      this.#accounts.set(key, {
        name: user.name,
        sid: `${this.#domainSid}-${RID.FIRST_USER + index}`,
        ntHash: ntHash(user.password),
        admin: user.admin ?? false,
      });
    });
    this.#guest = options.guest
      ? {
          user: 'Guest',
          domain: options.domain,
          sid: `${this.#domainSid}-${RID.GUEST}`,
          groupSids: [`${this.#domainSid}-${RID.DOMAIN_GUESTS}`, WellKnownSid.BUILTIN_GUESTS, WellKnownSid.EVERYONE],
          isGuest: true,
          isAnonymous: false,
        }
      : undefined;
    this.#anonymous = options.anonymous
      ? {
          user: '',
          domain: '',
          sid: WellKnownSid.ANONYMOUS,
          groupSids: [WellKnownSid.ANONYMOUS],
          isGuest: false,
          isAnonymous: true,
        }
      : undefined;
  }

  async lookupNtlmAccount(user: string, _domain: string): Promise<NtlmAccount | undefined> {
    const account = this.#accounts.get(user.toUpperCase());
    if (!account) return undefined;
    return {
      identity: {
        user,
        domain: this.#domain,
        sid: account.sid,
        groupSids: [
          `${this.#domainSid}-${RID.DOMAIN_USERS}`,
          WellKnownSid.EVERYONE,
          WellKnownSid.AUTHENTICATED_USERS,
          WellKnownSid.BUILTIN_USERS,
          ...(account.admin ? [WellKnownSid.BUILTIN_ADMINISTRATORS] : []),
        ],
        isGuest: false,
        isAnonymous: false,
      },
      ntHash: account.ntHash,
    };
  }

  guestIdentity(): Identity | undefined {
    return this.#guest;
  }

  anonymousIdentity(): Identity | undefined {
    return this.#anonymous;
  }
}
