// MS-SMB2 3.3.5.3 / 3.3.5.4 Receiving an SMB_COM_NEGOTIATE or SMB2 NEGOTIATE Request.

import { randomBytes } from 'node:crypto';
import { SpnegoAuthenticator } from '../../auth/authenticator.ts';
import { signingAlgorithmFromId } from '../../auth/signing.ts';
import {
  Capabilities,
  CipherId,
  Command,
  Dialect,
  HashAlgorithm,
  HeaderFlags,
  SecurityMode,
  SigningAlgorithmId,
} from '../../protocol/constants.ts';
import { fileTimeFromDate } from '../../protocol/fscc/filetime.ts';
import type { Smb2Header } from '../../protocol/header.ts';
import { decodeNegotiateRequest, encodeNegotiateResponse, type NegotiateResponse } from '../../protocol/messages/negotiate.ts';
import type { NegotiateContext } from '../../protocol/negotiate-contexts.ts';
import { decodeSmb1NegotiateRequest, Smb1Dialect } from '../../protocol/smb1-negotiate.ts';
import { NtStatus, NtStatusError, ProtocolViolation } from '../../protocol/status.ts';
import { dialectProfile, SUPPORTED_DIALECTS } from '../dialect-profile.ts';
import { extendPreauthHash, INITIAL_PREAUTH_HASH } from '../preauth.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { Connection } from '../state/connection.ts';
import type { ServerState } from '../state/server-state.ts';

/** Server preference when the client offers several (MS-SMB2 3.3.5.4: the server picks). */
const CIPHER_PREFERENCE = [CipherId.AES_128_GCM, CipherId.AES_128_CCM, CipherId.AES_256_GCM, CipherId.AES_256_CCM];
const SIGNING_PREFERENCE = [SigningAlgorithmId.AES_GMAC, SigningAlgorithmId.AES_CMAC, SigningAlgorithmId.HMAC_SHA256];

function offeredDialects(server: ServerState): number[] {
  const { minDialect, maxDialect } = server.options;
  return SUPPORTED_DIALECTS.filter((d) => d >= minDialect && d <= maxDialect);
}

function securityMode(server: ServerState): number {
  return SecurityMode.SIGNING_ENABLED | (server.options.signing === 'required' ? SecurityMode.SIGNING_REQUIRED : 0);
}

function baseResponse(server: ServerState, dialectRevision: number, capabilities: number, maxIo: number): NegotiateResponse {
  return {
    securityMode: securityMode(server),
    dialectRevision,
    serverGuid: server.options.serverGuid,
    capabilities,
    maxTransactSize: maxIo,
    maxReadSize: maxIo,
    maxWriteSize: maxIo,
    systemTime: fileTimeFromDate(new Date()),
    serverStartTime: 0n,
    securityBuffer: SpnegoAuthenticator.negotiateToken(),
    negotiateContexts: [],
  };
}

/**
 * MS-SMB2 3.3.5.3.1: an SMB1 negotiate that lists "SMB 2.???" is answered with an SMB2 NEGOTIATE response
 * for the wildcard dialect 0x02FF; one listing only "SMB 2.002" settles on 2.0.2 at once.
 */
export function handleSmb1Negotiate(server: ServerState, connection: Connection, frame: Buffer): { header: Smb2Header; body: Buffer[] } {
  const dialects = decodeSmb1NegotiateRequest(frame);
  const offered = offeredDialects(server);
  let dialectRevision: number;
  if (dialects.includes(Smb1Dialect.SMB_2_WILDCARD) && offered.some((d) => d > Dialect.SMB2_0_2)) {
    dialectRevision = Dialect.WILDCARD;
    connection.wildcardNegotiated = true;
  } else if (dialects.includes(Smb1Dialect.SMB_2_002) && offered.includes(Dialect.SMB2_0_2)) {
    dialectRevision = Dialect.SMB2_0_2;
    connection.profile = dialectProfile(Dialect.SMB2_0_2);
    connection.serverSecurityMode = securityMode(server);
  } else {
    throw new ProtocolViolation('SMB1 negotiate without an SMB2 dialect');
  }
  // The SMB1 request consumed MessageId 0; the SMB2 NEGOTIATE that follows uses 1.
  connection.window.consume(0n, 1);
  const credits = connection.window.grant(1, 1);
  const capabilities = dialectRevision === Dialect.WILDCARD ? Capabilities.LARGE_MTU : 0;
  const maxIo = dialectRevision === Dialect.WILDCARD ? server.options.maxIoSize : 65536;
  return {
    header: {
      creditCharge: 0,
      status: NtStatus.SUCCESS,
      command: Command.NEGOTIATE,
      credits,
      flags: HeaderFlags.SERVER_TO_REDIR,
      nextCommand: 0,
      messageId: 0n,
      asyncId: 0n,
      processId: 0,
      treeId: 0,
      sessionId: 0n,
      signature: Buffer.alloc(0),
    },
    body: [encodeNegotiateResponse(baseResponse(server, dialectRevision, capabilities, maxIo))],
  };
}

/** MS-SMB2 3.3.5.4: the 3.1.1 negotiate contexts, validated, and the server's answers to them. */
function negotiateContexts(server: ServerState, connection: Connection, contexts: NegotiateContext[]): NegotiateContext[] {
  const preauth = contexts.filter((c) => c.type === 'PREAUTH_INTEGRITY_CAPABILITIES');
  if (preauth.length !== 1) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'exactly one PREAUTH_INTEGRITY_CAPABILITIES');
  if (!preauth[0]!.hashAlgorithms.includes(HashAlgorithm.SHA_512)) throw new NtStatusError(NtStatus.SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
  const out: NegotiateContext[] = [{ type: 'PREAUTH_INTEGRITY_CAPABILITIES', hashAlgorithms: [HashAlgorithm.SHA_512], salt: randomBytes(32) }];

  const encryption = contexts.filter((c) => c.type === 'ENCRYPTION_CAPABILITIES');
  if (encryption.length > 1) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'duplicate ENCRYPTION_CAPABILITIES');
  if (encryption[0]) {
    const offered = encryption[0].ciphers;
    const chosen = server.options.encryption === 'disabled' ? undefined : CIPHER_PREFERENCE.find((c) => offered.includes(c));
    connection.cipherId = chosen;
    out.push({ type: 'ENCRYPTION_CAPABILITIES', ciphers: [chosen ?? 0] });
  }

  const signing = contexts.filter((c) => c.type === 'SIGNING_CAPABILITIES');
  if (signing.length > 1) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'duplicate SIGNING_CAPABILITIES');
  if (signing[0]) {
    const offered = signing[0].signingAlgorithms;
    if (offered.length === 0) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'empty SIGNING_CAPABILITIES');
    const chosen = SIGNING_PREFERENCE.find((a) => offered.includes(a)) ?? SigningAlgorithmId.AES_CMAC;
    connection.signingAlgorithm = signingAlgorithmFromId(chosen)!;
    out.push({ type: 'SIGNING_CAPABILITIES', signingAlgorithms: [chosen] });
  }
  // Compression, transport and RDMA contexts are read and left unanswered: none of them is offered.
  return out;
}

export async function negotiate(request: Smb2Request): Promise<HandlerResult> {
  const { server, connection } = request;
  // MS-SMB2 3.3.5.4: a second NEGOTIATE on a connection is a protocol error.
  if (connection.profile) throw new ProtocolViolation('second NEGOTIATE');
  const body = decodeNegotiateRequest(request.message);
  if (body.dialects.length === 0) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'no dialects');
  const offered = offeredDialects(server);
  const dialect = Math.max(...body.dialects.filter((d) => offered.includes(d)), -1);
  if (dialect < 0) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'no common dialect');
  const profile = dialectProfile(dialect);

  connection.offer = { dialects: body.dialects, clientGuid: body.clientGuid, securityMode: body.securityMode, capabilities: body.capabilities };
  connection.signingAlgorithm = profile.defaultSigning;
  let contexts: NegotiateContext[] = [];
  if (profile.negotiateContexts) {
    contexts = negotiateContexts(server, connection, body.negotiateContexts);
    connection.preauthIntegrityHash = extendPreauthHash(INITIAL_PREAUTH_HASH, request.message);
    request.onResponseBytes = (bytes) => {
      connection.preauthIntegrityHash = extendPreauthHash(connection.preauthIntegrityHash!, bytes);
    };
  }
  let capabilities = profile.capabilities;
  // MS-SMB2 3.3.5.4: 3.0 and 3.0.2 encrypt with AES-128-CCM when both ends announce the capability.
  if (profile.impliedCipherId !== undefined) {
    if (server.options.encryption !== 'disabled' && body.capabilities & Capabilities.ENCRYPTION) connection.cipherId = profile.impliedCipherId;
    else capabilities &= ~Capabilities.ENCRYPTION;
  }
  // Directory leases only for clients that announce them: a client that does not ask for them has no use
  // for the bit, and some (impacket) then mishandle opens in the share's root.
  if (!(body.capabilities & Capabilities.DIRECTORY_LEASING)) capabilities &= ~Capabilities.DIRECTORY_LEASING;
  connection.profile = profile;
  connection.serverSecurityMode = securityMode(server);
  connection.serverCapabilities = capabilities;
  const maxIo = profile.multiCredit ? server.options.maxIoSize : 65536;
  connection.maxIoSize = maxIo;
  return { body: encodeNegotiateResponse({ ...baseResponse(server, dialect, capabilities, maxIo), negotiateContexts: contexts }) };
}
