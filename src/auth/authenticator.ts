// One SESSION_SETUP authentication exchange, whatever the mechanism: SPNEGO (RFC 4178, MS-SPNG) around it, or
// raw NTLMSSP from clients that skip SPNEGO. The SMB layer feeds each request's security buffer to step()
// and sends back outputToken with MORE_PROCESSING_REQUIRED ('more') or SUCCESS ('done').

import { NtStatus, NtStatusError } from '../protocol/status.ts';
import type { Identity, IdentityProvider } from './identity.ts';
import { NtlmServer } from './ntlm-server.ts';
import { isNtlmsspToken } from './ntlmssp.ts';
import {
  MechOid,
  NEG_HINT_NAME,
  NegState,
  decodeNegotiationToken,
  encodeNegTokenInit2,
  encodeNegTokenResp,
  type NegTokenResp,
} from './spnego.ts';

export type AuthResult =
  | { state: 'more'; outputToken: Buffer }
  /**
   * sessionKey is the mechanism's session key (NTLM: the 16-byte ExportedSessionKey), or empty for guest and
   * anonymous logons, which have none and must not sign.
   */
  | { state: 'done'; outputToken: Buffer; sessionKey: Buffer; identity: Identity };

export type MechStepResult = AuthResult;

/** A GSS-API mechanism as SPNEGO drives it. */
export interface Mechanism {
  readonly oid: string;
  step(token: Buffer): Promise<MechStepResult>;
  /** GSS_VerifyMIC of the peer's mechListMIC over the DER MechTypeList (RFC 4178 5). */
  verifyMic?(mechList: Buffer, mic: Buffer): boolean;
  /** GSS_GetMIC for our mechListMIC. */
  computeMic?(mechList: Buffer): Buffer;
}

export interface SpnegoAuthenticatorOptions {
  identities: IdentityProvider;
  netbiosName: string;
  domain: string;
  dnsName?: string;
  random?: (n: number) => Buffer;
  now?: () => Date;
}

/** The mechanisms implemented, most preferred first. */
const SUPPORTED_MECHS: readonly string[] = [MechOid.NTLMSSP];

type State =
  | { kind: 'initial' }
  | { kind: 'raw'; mech: Mechanism }
  | { kind: 'spnego'; mech: Mechanism; mechTypesDer: Buffer }
  | { kind: 'finished' };

const EMPTY = Buffer.alloc(0);

export class SpnegoAuthenticator {
  readonly #options: SpnegoAuthenticatorOptions;
  #state: State = { kind: 'initial' };

  constructor(options: SpnegoAuthenticatorOptions) {
    this.#options = options;
  }

  /** The security buffer for the SMB2 NEGOTIATE response: NegTokenInit2 with our mechanisms (MS-SPNG 3.2.5.2). */
  static negotiateToken(): Buffer {
    return encodeNegTokenInit2({ mechTypes: SUPPORTED_MECHS, hintName: NEG_HINT_NAME });
  }

  /** Throws NtStatusError: LOGON_FAILURE for rejected credentials, INVALID_PARAMETER for malformed tokens. */
  async step(securityBuffer: Buffer): Promise<AuthResult> {
    try {
      return await this.#step(securityBuffer);
    } catch (err) {
      // A failed exchange cannot be resumed; the client starts a new SESSION_SETUP.
      this.#state = { kind: 'finished' };
      throw err;
    }
  }

  async #step(buffer: Buffer): Promise<AuthResult> {
    const state = this.#state;
    switch (state.kind) {
      case 'initial':
        // An empty first buffer asks the server to start (MS-SPNG 3.2.5.2): answer with our NegTokenInit2.
        if (buffer.length === 0) return { state: 'more', outputToken: SpnegoAuthenticator.negotiateToken() };
        if (isNtlmsspToken(buffer)) {
          const mech = this.#newMechanism(MechOid.NTLMSSP);
          this.#state = { kind: 'raw', mech };
          return this.#raw(await mech.step(buffer));
        }
        return this.#negTokenInit(buffer);
      case 'raw':
        return this.#raw(await state.mech.step(buffer));
      case 'spnego':
        return this.#negTokenResp(state.mech, state.mechTypesDer, buffer);
      case 'finished':
        throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'SPNEGO: exchange already finished');
    }
  }

  async #negTokenInit(buffer: Buffer): Promise<AuthResult> {
    const token = decodeNegotiationToken(buffer);
    if (token.kind !== 'init') throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'SPNEGO: expected NegTokenInit');
    const init = token.token;
    const selected = init.mechTypes.find((m) => SUPPORTED_MECHS.includes(m));
    if (selected === undefined) {
      throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'SPNEGO: no mechanism in common');
    }
    const mech = this.#newMechanism(selected);
    this.#state = { kind: 'spnego', mech, mechTypesDer: init.mechTypesDer };
    // The optimistic mechToken belongs to the client's first choice; for any other mechanism we start
    // from nothing (RFC 4178 3.2).
    const optimistic = init.mechTypes[0] === selected ? (init.mechToken ?? EMPTY) : EMPTY;
    const result = await mech.step(optimistic);
    return this.#spnegoReply(mech, init.mechTypesDer, result, selected, init.mechListMIC);
  }

  async #negTokenResp(mech: Mechanism, mechTypesDer: Buffer, buffer: Buffer): Promise<AuthResult> {
    const token = decodeNegotiationToken(buffer);
    if (token.kind !== 'resp') throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'SPNEGO: expected NegTokenResp');
    if (token.token.negState === NegState.REJECT) throw new NtStatusError(NtStatus.LOGON_FAILURE, 'SPNEGO: client rejected');
    const result = await mech.step(token.token.responseToken ?? EMPTY);
    return this.#spnegoReply(mech, mechTypesDer, result, undefined, token.token.mechListMIC);
  }

  #spnegoReply(
    mech: Mechanism,
    mechTypesDer: Buffer,
    result: MechStepResult,
    supportedMech: string | undefined,
    clientMic: Buffer | undefined,
  ): AuthResult {
    const reply: NegTokenResp = {
      negState: result.state === 'more' ? NegState.ACCEPT_INCOMPLETE : NegState.ACCEPT_COMPLETED,
    };
    // supportedMech only in the first reply (RFC 4178 4.2.2).
    if (supportedMech !== undefined) reply.supportedMech = supportedMech;
    if (result.outputToken.length > 0) reply.responseToken = result.outputToken;
    if (result.state === 'more') return { state: 'more', outputToken: encodeNegTokenResp(reply) };

    // MS-SPNG 3.2.5.1 / RFC 4178 5: a mechListMIC from the client is checked and answered with ours. Guest
    // and anonymous contexts have no key to check it with; their sessions are not signed either.
    if (clientMic !== undefined && result.sessionKey.length > 0) {
      if (!mech.verifyMic || !mech.computeMic || !mech.verifyMic(mechTypesDer, clientMic)) {
        throw new NtStatusError(NtStatus.LOGON_FAILURE, 'SPNEGO: mechListMIC does not verify');
      }
      reply.mechListMIC = mech.computeMic(mechTypesDer);
    }
    this.#state = { kind: 'finished' };
    return { ...result, outputToken: encodeNegTokenResp(reply) };
  }

  #raw(result: MechStepResult): AuthResult {
    if (result.state === 'done') this.#state = { kind: 'finished' };
    return result;
  }

  #newMechanism(oid: string): Mechanism {
    switch (oid) {
      case MechOid.NTLMSSP:
        return new NtlmServer(this.#options);
      default:
        throw new NtStatusError(NtStatus.INVALID_PARAMETER, `SPNEGO: mechanism ${oid} not implemented`);
    }
  }
}
