// MS-SMB2 3.3.5.5 Receiving an SMB2 SESSION_SETUP Request.

import { SpnegoAuthenticator } from '../../auth/authenticator.ts';
import { deriveSessionKeys } from '../../auth/session-keys.ts';
import { SecurityMode, SessionFlags, SessionSetupRequestFlags } from '../../protocol/constants.ts';
import { decodeSessionSetupRequest, encodeSessionSetupResponse } from '../../protocol/messages/session-setup.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { isSigned } from '../../protocol/header.ts';
import { extendPreauthHash } from '../preauth.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { Session } from '../state/session.ts';
import { logoffSession } from '../teardown.ts';
import { bindChannel } from './session-bind.ts';

export async function sessionSetup(request: Smb2Request): Promise<HandlerResult> {
  const { server, connection } = request;
  const profile = connection.profile!;
  const body = decodeSessionSetupRequest(request.message);
  if (body.flags & SessionSetupRequestFlags.BINDING) return bindChannel(request, body);

  let session = request.session;
  if (!session) {
    session = new Session(server.allocateSessionId(), connection);
    session.preauthIntegrityHash = connection.preauthIntegrityHash;
    server.sessions.set(session.sessionId, session);
    request.session = session;
  } else if (!session.channels.has(connection)) {
    throw new NtStatusError(NtStatus.USER_SESSION_DELETED);
  }
  const firstAuthentication = session.state === 'in-progress';
  if (!session.authenticator) {
    session.authenticator = new SpnegoAuthenticator({
      identities: server.options.identities,
      netbiosName: server.options.serverName,
      domain: server.options.domain,
    });
  }
  // MS-SMB2 3.3.5.5: the hash covers the setup requests of a session being established, not reauthentication.
  if (firstAuthentication && profile.preauthIntegrity && session.preauthIntegrityHash) {
    session.preauthIntegrityHash = extendPreauthHash(session.preauthIntegrityHash, request.message);
  }

  let result;
  try {
    result = await session.authenticator.step(body.securityBuffer);
  } catch (error) {
    session.authenticator = undefined;
    // A failed first authentication leaves nothing behind (MS-SMB2 3.3.5.5.3); a failed reauthentication expires the session.
    if (firstAuthentication) server.sessions.delete(session.sessionId);
    else await logoffSession(server, session, true);
    throw error;
  }

  if (result.state === 'more') {
    if (firstAuthentication && profile.preauthIntegrity) {
      const s = session;
      request.onResponseBytes = (bytes) => {
        s.preauthIntegrityHash = extendPreauthHash(s.preauthIntegrityHash!, bytes);
      };
    }
    return {
      status: NtStatus.MORE_PROCESSING_REQUIRED,
      body: encodeSessionSetupResponse({ sessionFlags: 0, securityBuffer: result.outputToken }),
    };
  }

  session.authenticator = undefined;
  const identity = result.identity;
  let sessionFlags = 0;
  if (firstAuthentication) {
    session.identity = identity;
    if (identity.isAnonymous) sessionFlags |= SessionFlags.IS_NULL;
    else if (identity.isGuest) sessionFlags |= SessionFlags.IS_GUEST;
    if (!identity.isAnonymous && !identity.isGuest) {
      const keys = deriveSessionKeys(profile.dialect, result.sessionKey, session.preauthIntegrityHash, connection.cipherId);
      session.sessionKey = result.sessionKey;
      session.signingKey = keys.signingKey;
      session.encryptionKey = keys.encryptionKey;
      session.decryptionKey = keys.decryptionKey;
      session.applicationKey = keys.applicationKey;
      session.signingAlgorithm = connection.signingAlgorithm;
      // MS-SMB2 3.3.5.5.3: the first channel signs with the session's own key.
      const channel = session.channels.get(connection)!;
      channel.signingKey = keys.signingKey;
      channel.signingAlgorithm = connection.signingAlgorithm;
      session.cipher = connection.cipher;
      // MS-SMB2 3.3.5.5.3: signing is required when either side requires it.
      session.signingRequired = server.options.signing === 'required' || (body.securityMode & SecurityMode.SIGNING_REQUIRED) !== 0;
    }
    const encryption = server.options.encryption;
    const canEncrypt = session.cipher !== undefined && session.encryptionKey.length > 0;
    if (encryption === 'required' && !canEncrypt) {
      server.sessions.delete(session.sessionId);
      throw new NtStatusError(NtStatus.ACCESS_DENIED, 'encryption required');
    }
    if ((encryption === 'desired' || encryption === 'required') && canEncrypt) {
      session.encryptData = true;
      sessionFlags |= SessionFlags.ENCRYPT_DATA;
    }
    // MS-SMB2 3.3.5.5.3: a reconnecting client names its previous session, which goes if the same user had it,
    // as if its connection had been lost: its durable opens wait for the client to reconnect them.
    const previous = body.previousSessionId === session.sessionId ? undefined : server.sessions.get(body.previousSessionId);
    if (previous?.identity && previous.identity.sid === identity.sid && !identity.isAnonymous && !identity.isGuest) await logoffSession(server, previous, true);
  } else if (session.channels.get(connection)?.bound && !isSigned(request.header)) {
    // A channel added by binding got there by proving Session.SigningKey; a reauthentication completed over
    // it must prove its channel key too (as Samba requires), or it could refresh a session it does not hold.
    throw new NtStatusError(NtStatus.ACCESS_DENIED, 'unsigned reauthentication on a bound channel');
  } else {
    // MS-SMB2 3.3.5.5.3 lets reauthentication bring a new security context, another account's included (as
    // Samba allows); the session keeps its keys, its tree connects and its opens.
    session.identity = identity;
    if (session.encryptData) sessionFlags |= SessionFlags.ENCRYPT_DATA;
  }
  session.state = 'valid';
  const expiry = server.options.sessionExpirySeconds;
  session.expiresAt = expiry > 0 ? Date.now() + expiry * 1000 : 0;
  // MS-SMB2 3.3.4.1.1: a successful SESSION_SETUP response is signed with this connection's Channel.SigningKey.
  const channel = session.channels.get(connection);
  if (channel && channel.signingKey.length > 0 && (profile.derivesKeys || session.signingRequired)) request.signResponseWith = channel;
  connection.log.info({ session: session.sessionId.toString(16), user: `${identity.domain}\\${identity.user}`, new: firstAuthentication }, 'session established');
  return { body: encodeSessionSetupResponse({ sessionFlags, securityBuffer: result.outputToken }) };
}
