// The NTLM acceptor (MS-NLMP 3.2.5.1, connection-oriented): NEGOTIATE in, CHALLENGE out; AUTHENTICATE in,
// an identity and the ExportedSessionKey out. Only NTLMv2 responses are accepted (MS-NLMP 3.3.2).

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { NtStatus, NtStatusError } from '../protocol/status.ts';
import type { Mechanism, MechStepResult } from './authenticator.ts';
import type { Identity, IdentityProvider } from './identity.ts';
import { hmacMd5, ntowfv2, ntProofStr, sessionBaseKeyV2 } from './ntlm-hash.ts';
import { NtlmSessionSecurity } from './ntlm-session-security.ts';
import {
  AUTHENTICATE_MIC_OFFSET,
  AvId,
  NTLMSSP_REVISION_W2K3,
  NtlmFlags,
  decodeAuthenticateMessage,
  decodeChallengeMessage,
  decodeNegotiateMessage,
  encodeChallengeMessage,
  type AvPair,
  type NtlmVersion,
} from './ntlmssp.ts';
import { rc4 } from './rc4.ts';
import { MechOid } from './spnego.ts';

export interface NtlmServerOptions {
  identities: IdentityProvider;
  /** NetBIOS computer name (MsvAvNbComputerName). */
  netbiosName: string;
  /** NetBIOS domain or workgroup name: the CHALLENGE TargetName and MsvAvNbDomainName. */
  domain: string;
  /** DNS computer name; defaults to the lower-cased NetBIOS name. Its suffix after the first dot is the DNS domain. */
  dnsName?: string;
  random?: (n: number) => Buffer;
  now?: () => Date;
}

/** VERSION reported in CHALLENGE_MESSAGE: Windows 10's numbers, as clients only display it (MS-NLMP 2.2.2.10). */
export const SERVER_VERSION: NtlmVersion = {
  productMajorVersion: 10,
  productMinorVersion: 0,
  productBuild: 0,
  ntlmRevisionCurrent: NTLMSSP_REVISION_W2K3,
};

/** Flags granted when the client asks for them (MS-NLMP 3.2.5.1.1); LM_KEY and DATAGRAM are never granted. */
const GRANTABLE =
  NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY |
  NtlmFlags.NEGOTIATE_128 |
  NtlmFlags.NEGOTIATE_56 |
  NtlmFlags.NEGOTIATE_KEY_EXCH |
  NtlmFlags.NEGOTIATE_SIGN |
  NtlmFlags.NEGOTIATE_SEAL |
  NtlmFlags.NEGOTIATE_VERSION |
  NtlmFlags.NEGOTIATE_ALWAYS_SIGN;

/**
 * What a client that sent no NEGOTIATE_MESSAGE is assumed to ask for: everything we grant, in Unicode. This
 * happens when SPNEGO selects NTLM after the client's optimistic token was for another mechanism.
 */
const NO_NEGOTIATE_FLAGS = GRANTABLE | NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_NTLM;

/** CHALLENGE NegotiateFlags from the client's NEGOTIATE flags (MS-NLMP 3.2.5.1.1). */
export function challengeFlags(clientFlags: number): number {
  let flags =
    NtlmFlags.NEGOTIATE_NTLM |
    NtlmFlags.NEGOTIATE_TARGET_INFO |
    NtlmFlags.REQUEST_TARGET |
    NtlmFlags.TARGET_TYPE_DOMAIN |
    (clientFlags & GRANTABLE);
  flags |= clientFlags & NtlmFlags.NEGOTIATE_UNICODE ? NtlmFlags.NEGOTIATE_UNICODE : NtlmFlags.NEGOTIATE_OEM;
  return flags >>> 0;
}

/** FILETIME (100 ns ticks since 1601-01-01 UTC) as MsvAvTimestamp carries it. */
function fileTime(date: Date): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE((BigInt(date.getTime()) + 11644473600000n) * 10000n, 0);
  return out;
}

function utf16(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

/** TargetInfo of the CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2), in the order Windows sends it. */
function targetInfo(options: NtlmServerOptions, now: Date): AvPair[] {
  const dnsComputerName = options.dnsName ?? options.netbiosName.toLowerCase();
  const dot = dnsComputerName.indexOf('.');
  const dnsDomainName = dot >= 0 ? dnsComputerName.slice(dot + 1) : options.domain.toLowerCase();
  return [
    { avId: AvId.MsvAvNbDomainName, value: utf16(options.domain.toUpperCase()) },
    { avId: AvId.MsvAvNbComputerName, value: utf16(options.netbiosName.toUpperCase()) },
    { avId: AvId.MsvAvDnsDomainName, value: utf16(dnsDomainName) },
    { avId: AvId.MsvAvDnsComputerName, value: utf16(dnsComputerName) },
    { avId: AvId.MsvAvTimestamp, value: fileTime(now) },
  ];
}

/** The two messages the server has seen and sent before AUTHENTICATE; the MIC covers both byte for byte. */
export interface NtlmExchange {
  /** Empty when the client sent none (see NO_NEGOTIATE_FLAGS). */
  negotiateMessage: Buffer;
  challengeMessage: Buffer;
}

export interface NtlmLogon {
  identity: Identity;
  /** Flags both sides agreed on: the CHALLENGE flags the AUTHENTICATE_MESSAGE kept. */
  negotiateFlags: number;
  /** Absent for guest and anonymous logons, for which no key can be derived or is used. */
  exportedSessionKey?: Buffer;
}

function logonFailure(why: string): NtStatusError {
  return new NtStatusError(NtStatus.LOGON_FAILURE, `NTLM: ${why}`);
}

function isAnonymous(userName: string, nt: Buffer, lm: Buffer): boolean {
  // MS-NLMP 3.2.5.1.2: empty user and responses; clients send the LM response as Z(1) (MS-NLMP 3.3.2).
  return userName === '' && nt.length === 0 && (lm.length === 0 || (lm.length === 1 && lm[0] === 0));
}

/**
 * Verifies an AUTHENTICATE_MESSAGE against the exchange that preceded it (MS-NLMP 3.2.5.1.2) and derives
 * the ExportedSessionKey. Bad credentials are LOGON_FAILURE; a malformed message is INVALID_PARAMETER.
 */
export async function acceptAuthenticate(
  identities: IdentityProvider,
  exchange: NtlmExchange,
  authenticateMessage: Buffer,
): Promise<NtlmLogon> {
  const challenge = decodeChallengeMessage(exchange.challengeMessage);
  const auth = decodeAuthenticateMessage(authenticateMessage);
  const negotiateFlags = (auth.negotiateFlags & challenge.negotiateFlags) >>> 0;

  if (isAnonymous(auth.userName, auth.ntChallengeResponse, auth.lmChallengeResponse)) {
    const anonymous = identities.anonymousIdentity();
    if (!anonymous) throw logonFailure('anonymous logons are refused');
    return { identity: anonymous, negotiateFlags };
  }
  const v2 = auth.ntlmV2Response;
  if (!v2) throw logonFailure('NTLMv1 and LM responses are refused');

  const account = await identities.lookupNtlmAccount(auth.userName, auth.domainName);
  if (!account) {
    const guest = identities.guestIdentity();
    if (!guest) throw logonFailure(`unknown user ${auth.domainName}\\${auth.userName}`);
    return { identity: guest, negotiateFlags };
  }

  // MS-NLMP 3.2.5.1.2: servers SHOULD also accept clients that computed NTOWFv2 with an empty UserDom.
  let responseKeyNT: Buffer | undefined;
  for (const userDom of new Set([auth.domainName, ''])) {
    const key = ntowfv2(account.ntHash, auth.userName, userDom);
    if (timingSafeEqual(ntProofStr(key, challenge.serverChallenge, v2.temp), v2.response)) {
      responseKeyNT = key;
      break;
    }
  }
  if (!responseKeyNT) throw logonFailure(`wrong password for ${auth.domainName}\\${auth.userName}`);

  // MS-NLMP 3.4.5.1: with NTLMv2, KeyExchangeKey is the SessionBaseKey.
  const keyExchangeKey = sessionBaseKeyV2(responseKeyNT, v2.response);
  let exportedSessionKey = keyExchangeKey;
  const signOrSeal = NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_SEAL;
  if (negotiateFlags & NtlmFlags.NEGOTIATE_KEY_EXCH && negotiateFlags & signOrSeal) {
    if (auth.encryptedRandomSessionKey.length !== 16) {
      throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'NTLM: EncryptedRandomSessionKey must be 16 bytes');
    }
    exportedSessionKey = rc4(keyExchangeKey, auth.encryptedRandomSessionKey);
  }

  if (auth.mic) {
    const zeroed = Buffer.from(authenticateMessage);
    zeroed.fill(0, AUTHENTICATE_MIC_OFFSET, AUTHENTICATE_MIC_OFFSET + 16);
    const mic = hmacMd5(exportedSessionKey, exchange.negotiateMessage, exchange.challengeMessage, zeroed);
    if (!timingSafeEqual(mic, auth.mic)) throw logonFailure('AUTHENTICATE_MESSAGE MIC mismatch');
  }
  return { identity: account.identity, negotiateFlags, exportedSessionKey };
}

type State =
  | { step: 'negotiate' }
  | { step: 'authenticate'; exchange: NtlmExchange }
  | { step: 'done'; security?: NtlmSessionSecurity };

/** One NTLM acceptor context: a NEGOTIATE (or nothing), then an AUTHENTICATE. */
export class NtlmServer implements Mechanism {
  readonly oid = MechOid.NTLMSSP;
  readonly #options: NtlmServerOptions;
  #state: State = { step: 'negotiate' };

  constructor(options: NtlmServerOptions) {
    this.#options = options;
  }

  async step(token: Buffer): Promise<MechStepResult> {
    const state = this.#state;
    switch (state.step) {
      case 'negotiate': {
        const clientFlags = token.length ? decodeNegotiateMessage(token).negotiateFlags : NO_NEGOTIATE_FLAGS;
        const challengeMessage = this.#challenge(clientFlags);
        this.#state = { step: 'authenticate', exchange: { negotiateMessage: Buffer.from(token), challengeMessage } };
        return { state: 'more', outputToken: challengeMessage };
      }
      case 'authenticate': {
        const logon = await acceptAuthenticate(this.#options.identities, state.exchange, token);
        const key = logon.exportedSessionKey;
        const security =
          key && logon.negotiateFlags & NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
            ? new NtlmSessionSecurity(key, logon.negotiateFlags, 'server')
            : undefined;
        this.#state = security ? { step: 'done', security } : { step: 'done' };
        return { state: 'done', outputToken: Buffer.alloc(0), sessionKey: key ?? Buffer.alloc(0), identity: logon.identity };
      }
      case 'done':
        throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'NTLM: context already established');
    }
  }

  /** GSS_VerifyMIC over the client-to-server direction; false when the context has no session security. */
  verifyMic(message: Buffer, mic: Buffer): boolean {
    const state = this.#state;
    return state.step === 'done' && state.security !== undefined && state.security.verify(message, mic);
  }

  /** GSS_GetMIC over the server-to-client direction. */
  computeMic(message: Buffer): Buffer {
    const state = this.#state;
    if (state.step !== 'done' || !state.security) throw new Error('NTLM context has no session security');
    return state.security.sign(message);
  }

  #challenge(clientFlags: number): Buffer {
    const options = this.#options;
    const negotiateFlags = challengeFlags(clientFlags);
    const serverChallenge = (options.random ?? randomBytes)(8);
    return encodeChallengeMessage({
      negotiateFlags,
      targetName: options.domain.toUpperCase(),
      serverChallenge,
      targetInfo: targetInfo(options, (options.now ?? (() => new Date()))()),
      ...(negotiateFlags & NtlmFlags.NEGOTIATE_VERSION ? { version: SERVER_VERSION } : {}),
    });
  }
}
