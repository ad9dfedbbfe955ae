// MS-SMB2 3.3.5.5.2 Binding a new channel to an existing session, and the binding branch of 3.3.5.5.3.

import { SpnegoAuthenticator } from '../../auth/authenticator.ts';
import { deriveSessionKeys } from '../../auth/session-keys.ts';
import { Capabilities, SessionFlags } from '../../protocol/constants.ts';
import { isSigned } from '../../protocol/header.ts';
import { encodeSessionSetupResponse, type SessionSetupRequest } from '../../protocol/messages/session-setup.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { extendPreauthHash } from '../preauth.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import type { PendingBinding, Session } from '../state/session.ts';

export async function bindChannel(request: Smb2Request, body: SessionSetupRequest): Promise<HandlerResult> {
  const { server, connection, header } = request;
  const profile = connection.profile!;
  const session = request.session;
  if (!session) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'binding without a SessionId');
  // MS-SMB2 3.3.4.1.1: a SESSION_SETUP response that is not STATUS_SUCCESS is signed with Session.SigningKey.
  // Only a request that proved that key (dispatch verified its signature) gets a signed answer.
  const verified = isSigned(header) && session.signingKey.length > 0 && !session.isAnonymousOrGuest;
  if (verified) request.signResponseWith = session;

  checkBinding(request, session, verified);

  let binding = session.bindings.get(connection);
  if (!binding) {
    binding = {
      authenticator: new SpnegoAuthenticator({
        identities: server.options.identities,
        netbiosName: server.options.serverName,
        domain: server.options.domain,
      }),
      // MS-SMB2 3.3.5.5.2: the channel's hash starts from this connection's NEGOTIATE exchange.
      preauthIntegrityHash: profile.preauthIntegrity ? connection.preauthIntegrityHash : undefined,
    };
    session.bindings.set(connection, binding);
  }
  if (binding.preauthIntegrityHash) binding.preauthIntegrityHash = extendPreauthHash(binding.preauthIntegrityHash, request.message);

  let result;
  try {
    result = await binding.authenticator.step(body.securityBuffer);
  } catch (error) {
    // A failed binding leaves the session and its other channels as they were.
    session.bindings.delete(connection);
    throw error;
  }

  if (result.state === 'more') {
    const pending: PendingBinding = binding;
    if (pending.preauthIntegrityHash) {
      request.onResponseBytes = (bytes) => {
        pending.preauthIntegrityHash = extendPreauthHash(pending.preauthIntegrityHash!, bytes);
      };
    }
    return {
      status: NtStatus.MORE_PROCESSING_REQUIRED,
      body: encodeSessionSetupResponse({ sessionFlags: 0, securityBuffer: result.outputToken }),
    };
  }

  session.bindings.delete(connection);
  // MS-SMB2 3.3.5.5.3: a channel can only be bound by the user the session belongs to.
  if (result.identity.isAnonymous || result.identity.isGuest || result.identity.sid !== session.identity?.sid) {
    throw new NtStatusError(NtStatus.ACCESS_DENIED, 'binding as another user');
  }
  if (server.sessions.get(session.sessionId) !== session || connection.closed) {
    throw new NtStatusError(NtStatus.USER_SESSION_DELETED, 'session went away during binding');
  }
  // MS-SMB2 3.3.5.5.3: Channel.SigningKey comes from this authentication's key, in 3.1.1 with the channel's
  // own preauth integrity hash; the channel signs with the algorithm its connection negotiated.
  const keys = deriveSessionKeys(profile.dialect, result.sessionKey, binding.preauthIntegrityHash, connection.cipherId);
  const channel = { connection, signingKey: keys.signingKey, signingAlgorithm: connection.signingAlgorithm, bound: true };
  session.channels.set(connection, channel);
  request.signResponseWith = channel;
  connection.log.info({ session: session.sessionId.toString(16), channels: session.channels.size }, 'channel bound');
  const sessionFlags = session.encryptData ? SessionFlags.ENCRYPT_DATA : 0;
  return { body: encodeSessionSetupResponse({ sessionFlags, securityBuffer: result.outputToken }) };
}

/** The rules of MS-SMB2 3.3.5.5.2, in the order Windows and Samba apply them (their statuses are observable). */
function checkBinding(request: Smb2Request, session: Session, verified: boolean): void {
  const { connection } = request;
  const profile = connection.profile!;
  const sessionProfile = session.connection.profile!;
  // MS-SMB2 3.3.5.5.2 / 3.3.5.2.4: AES-GMAC signing (3.1.1) is tied to the connection that negotiated it; a
  // GMAC session cannot gain a channel signing otherwise, nor a GMAC channel join a session that does not.
  if (session.signingAlgorithm === 'aes-128-gmac' && connection.signingAlgorithm !== session.signingAlgorithm) {
    throw new NtStatusError(NtStatus.REQUEST_OUT_OF_SEQUENCE, 'binding a GMAC session with another signing algorithm');
  }
  if (connection.signingAlgorithm === 'aes-128-gmac' && session.signingAlgorithm !== connection.signingAlgorithm) {
    throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'binding a GMAC channel to a session signing otherwise');
  }
  if (!profile.derivesKeys || (connection.serverCapabilities & Capabilities.MULTI_CHANNEL) === 0) {
    throw new NtStatusError(NtStatus.REQUEST_NOT_ACCEPTED, 'multichannel not negotiated on this connection');
  }
  if (!verified) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'unsigned binding request');
  if (sessionProfile.dialect !== profile.dialect) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'binding across dialects');
  if (session.cipher !== connection.cipher) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'binding across ciphers');
  if (session.state === 'in-progress') throw new NtStatusError(NtStatus.REQUEST_NOT_ACCEPTED, 'session still being set up');
  if (session.state === 'expired') throw new NtStatusError(NtStatus.NETWORK_SESSION_EXPIRED);
  if (session.channels.has(connection)) throw new NtStatusError(NtStatus.REQUEST_NOT_ACCEPTED, 'channel already bound');
}
