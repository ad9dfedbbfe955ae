import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ntHash, ntProofStr, ntowfv2, sessionBaseKeyV2 } from '../../src/auth/ntlm-hash.ts';
import { NtlmServer, SERVER_VERSION, acceptAuthenticate, challengeFlags } from '../../src/auth/ntlm-server.ts';
import { NtlmSessionSecurity } from '../../src/auth/ntlm-session-security.ts';
import {
  AvId,
  NtlmFlags,
  decodeAuthenticateMessage,
  decodeChallengeMessage,
  encodeAuthenticateMessage,
  encodeNegotiateMessage,
  type AuthenticateMessage,
} from '../../src/auth/ntlmssp.ts';
import { rc4 } from '../../src/auth/rc4.ts';
import { decodeNegotiationToken, type NegTokenInit, type NegTokenResp } from '../../src/auth/spnego.ts';
import { StaticIdentityProvider } from '../../src/auth/static-identities.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import { badLogon, goodLogon, mutations, type SambaLogon } from './helpers/smbclient-samba.ts';
import { common, v2 } from './helpers/ms-nlmp-vectors.ts';

const specUsers = (opts: { guest?: boolean; anonymous?: boolean } = {}) =>
  new StaticIdentityProvider({
    users: [{ name: common.user, password: common.password }],
    guest: opts.guest ?? false,
    anonymous: opts.anonymous ?? false,
    domain: 'Domain',
  });

const specExchange = { negotiateMessage: Buffer.alloc(0), challengeMessage: v2.challengeMessage };

async function rejects(promise: Promise<unknown>, status: number): Promise<void> {
  try {
    await promise;
    assert.unreachable('accepted');
  } catch (err) {
    assert.ok(err instanceof NtStatusError, String(err));
    assert.is((err as NtStatusError).status, status, (err as Error).message);
  }
}

/** The MS-NLMP 4.2.4.3 AUTHENTICATE_MESSAGE with some fields replaced. */
function specAuthenticate(changes: Partial<AuthenticateMessage>): Buffer {
  const { ntlmV2Response: _, ...msg } = decodeAuthenticateMessage(v2.authenticateMessage);
  return encodeAuthenticateMessage({ ...msg, ...changes });
}

test('MS-NLMP 4.2.4: the example AUTHENTICATE_MESSAGE yields RandomSessionKey as ExportedSessionKey', async () => {
  const logon = await acceptAuthenticate(specUsers(), specExchange, v2.authenticateMessage);
  assert.is(logon.identity.user, common.user);
  assert.not.ok(logon.identity.isGuest);
  assert.equal(logon.exportedSessionKey, common.randomSessionKey);
  assert.ok(logon.negotiateFlags & NtlmFlags.NEGOTIATE_KEY_EXCH);
});

test('MS-NLMP 4.2.4 through NtlmServer: our CHALLENGE with the example ServerChallenge, then the example AUTHENTICATE', async () => {
  const server = new NtlmServer({
    identities: specUsers(),
    netbiosName: common.serverName,
    domain: common.userDom,
    random: () => Buffer.from(common.serverChallenge),
  });
  const negotiate = encodeNegotiateMessage({ negotiateFlags: v2.challengeFlags });
  const first = await server.step(negotiate);
  assert.is(first.state, 'more');
  assert.equal(decodeChallengeMessage(first.outputToken).serverChallenge, common.serverChallenge);
  const done = await server.step(v2.authenticateMessage);
  assert.is(done.state, 'done');
  if (done.state !== 'done') return;
  assert.equal(done.sessionKey, common.randomSessionKey);
  assert.is(done.outputToken.length, 0);
  // The context now signs and verifies with the keys derived from that ExportedSessionKey.
  const flags = decodeChallengeMessage(first.outputToken).negotiateFlags & decodeAuthenticateMessage(v2.authenticateMessage).negotiateFlags;
  const client = new NtlmSessionSecurity(common.randomSessionKey, flags, 'client');
  assert.ok(server.verifyMic(v2.plaintext, client.sign(v2.plaintext)));
  assert.ok(client.verify(v2.plaintext, server.computeMic(v2.plaintext)));
  assert.not.ok(server.verifyMic(v2.plaintext, client.sign(Buffer.from('other'))));
  await rejects(server.step(v2.authenticateMessage), NtStatus.INVALID_PARAMETER);
});

test('a wrong password in the example is LOGON_FAILURE', async () => {
  const users = new StaticIdentityProvider({ users: [{ name: 'User', password: 'Passw0rd' }], guest: true, anonymous: false, domain: 'D' });
  await rejects(acceptAuthenticate(users, specExchange, v2.authenticateMessage), NtStatus.LOGON_FAILURE);
});

test('a response tampered after the proof is LOGON_FAILURE', async () => {
  const nt = Buffer.from(decodeAuthenticateMessage(v2.authenticateMessage).ntChallengeResponse);
  nt[30]! ^= 0x01; // inside the client's timestamp
  await rejects(acceptAuthenticate(specUsers(), specExchange, specAuthenticate({ ntChallengeResponse: nt })), NtStatus.LOGON_FAILURE);
});

test('MS-NLMP 3.2.5.1.2: a response computed with an empty UserDom is accepted too', async () => {
  const temp = decodeAuthenticateMessage(v2.authenticateMessage).ntlmV2Response!.temp;
  const key = ntowfv2(ntHash(common.password), common.user, '');
  const proof = ntProofStr(key, common.serverChallenge, temp);
  const auth = specAuthenticate({
    ntChallengeResponse: Buffer.concat([proof, temp]),
    encryptedRandomSessionKey: rc4(sessionBaseKeyV2(key, proof), common.randomSessionKey),
  });
  const logon = await acceptAuthenticate(specUsers(), specExchange, auth);
  assert.equal(logon.exportedSessionKey, common.randomSessionKey);
});

test('NTLMv1 (a 24-byte NT response) is refused even with guest access on', async () => {
  const auth = specAuthenticate({ ntChallengeResponse: Buffer.alloc(24, 1) });
  await rejects(acceptAuthenticate(specUsers({ guest: true }), specExchange, auth), NtStatus.LOGON_FAILURE);
});

test('a KEY_EXCH logon without a 16-byte EncryptedRandomSessionKey is INVALID_PARAMETER', async () => {
  const auth = specAuthenticate({ encryptedRandomSessionKey: Buffer.alloc(0) });
  await rejects(acceptAuthenticate(specUsers(), specExchange, auth), NtStatus.INVALID_PARAMETER);
});

for (const lm of [Buffer.alloc(0), Buffer.alloc(1)]) {
  test(`anonymous (empty user and NT response, ${lm.length}-byte LM response)`, async () => {
    const auth = specAuthenticate({ userName: '', domainName: '', ntChallengeResponse: Buffer.alloc(0), lmChallengeResponse: lm });
    const logon = await acceptAuthenticate(specUsers({ anonymous: true }), specExchange, auth);
    assert.ok(logon.identity.isAnonymous);
    assert.is(logon.exportedSessionKey, undefined);
    await rejects(acceptAuthenticate(specUsers(), specExchange, auth), NtStatus.LOGON_FAILURE);
  });
}

test('an unknown user maps to guest only when guest access is on', async () => {
  const auth = specAuthenticate({ userName: 'Nobody' });
  const logon = await acceptAuthenticate(specUsers({ guest: true }), specExchange, auth);
  assert.ok(logon.identity.isGuest);
  assert.is(logon.exportedSessionKey, undefined);
  await rejects(acceptAuthenticate(specUsers(), specExchange, auth), NtStatus.LOGON_FAILURE);
});

// ---- the captured smbclient <-> Samba logons ----

function mechToken(bytes: Buffer): Buffer {
  const t = decodeNegotiationToken(bytes);
  return t.kind === 'init' ? (t.token as NegTokenInit).mechToken! : (t.token as NegTokenResp).responseToken!;
}

function sambaParts(logon: SambaLogon) {
  const [init, , auth, done] = logon.sessionSetup.map((s) => (s.buffer.length ? decodeNegotiationToken(s.buffer) : undefined));
  return {
    exchange: { negotiateMessage: mechToken(logon.sessionSetup[0]!.buffer), challengeMessage: mechToken(logon.sessionSetup[1]!.buffer) },
    authenticate: mechToken(logon.sessionSetup[2]!.buffer),
    mechTypesDer: (init!.token as NegTokenInit).mechTypesDer,
    clientMic: (auth!.token as NegTokenResp).mechListMIC!,
    serverMic: done ? (done.token as NegTokenResp).mechListMIC : undefined,
  };
}

const samba = (password: string) =>
  new StaticIdentityProvider({ users: [{ name: 'tuser', password }], guest: false, anonymous: false, domain: 'WORKGROUP' });

test("smbclient's logon verifies, MIC included, and our mechListMIC equals Samba's", async () => {
  const parts = sambaParts(goodLogon);
  const logon = await acceptAuthenticate(samba(goodLogon.password), parts.exchange, parts.authenticate);
  assert.is(logon.identity.user, 'tuser');
  const security = new NtlmSessionSecurity(logon.exportedSessionKey!, logon.negotiateFlags, 'server');
  assert.ok(security.verify(parts.mechTypesDer, parts.clientMic), "smbclient's mechListMIC");
  assert.equal(security.sign(parts.mechTypesDer), parts.serverMic);
});

test('the AUTHENTICATE MIC covers all three messages: tampering with any is LOGON_FAILURE', async () => {
  const parts = sambaParts(goodLogon);
  const users = samba(goodLogon.password);
  const negotiate = Buffer.from(parts.exchange.negotiateMessage);
  negotiate[negotiate.length - 1]! ^= 1; // NTLMRevisionCurrent of its VERSION
  await rejects(acceptAuthenticate(users, { ...parts.exchange, negotiateMessage: negotiate }, parts.authenticate), NtStatus.LOGON_FAILURE);
  const auth = Buffer.from(parts.authenticate);
  auth[72]! ^= 1;
  await rejects(acceptAuthenticate(users, parts.exchange, auth), NtStatus.LOGON_FAILURE);
  const workstationAt = auth.readUInt32LE(48);
  const renamed = Buffer.from(parts.authenticate);
  renamed[workstationAt]! ^= 0x20;
  await rejects(acceptAuthenticate(users, parts.exchange, renamed), NtStatus.LOGON_FAILURE);
});

test("smbclient's logon with the wrong password is LOGON_FAILURE, as Samba answered", async () => {
  assert.is(badLogon.sessionSetup[3]!.status, NtStatus.LOGON_FAILURE);
  const parts = sambaParts(badLogon);
  await rejects(acceptAuthenticate(samba('pass'), parts.exchange, parts.authenticate), NtStatus.LOGON_FAILURE);
});

test('fuzz: corrupted AUTHENTICATE messages fail only with LOGON_FAILURE or INVALID_PARAMETER', async () => {
  const parts = sambaParts(goodLogon);
  const cases = [
    { users: samba(goodLogon.password), exchange: parts.exchange, message: parts.authenticate },
    { users: specUsers({ guest: true, anonymous: true }), exchange: specExchange, message: v2.authenticateMessage },
  ];
  for (const [i, c] of cases.entries()) {
    for (const m of mutations(c.message, 1500, 0xbeef + i)) {
      try {
        await acceptAuthenticate(c.users, c.exchange, m);
      } catch (err) {
        const status = err instanceof NtStatusError ? err.status : undefined;
        assert.ok(status === NtStatus.LOGON_FAILURE || status === NtStatus.INVALID_PARAMETER, String(err));
      }
    }
  }
});

// ---- the CHALLENGE we build ----

test("for smbclient's NEGOTIATE we grant Samba's flags, naming a domain target instead of a server", async () => {
  const parts = sambaParts(goodLogon);
  const sambaFlags = decodeChallengeMessage(parts.exchange.challengeMessage).negotiateFlags;
  const ours = challengeFlags(0x62088215);
  const targetType = NtlmFlags.TARGET_TYPE_DOMAIN | NtlmFlags.TARGET_TYPE_SERVER;
  assert.is(ours & ~targetType, sambaFlags & ~targetType);
  assert.is(ours & targetType, NtlmFlags.TARGET_TYPE_DOMAIN);
});

test('CHALLENGE: target name, AV pairs, timestamp, version', async () => {
  const now = new Date(Date.UTC(2024, 2, 5, 12, 34, 56, 789));
  const server = new NtlmServer({
    identities: specUsers(),
    netbiosName: 'fs1',
    domain: 'Corp',
    dnsName: 'fs1.corp.example',
    random: (n) => Buffer.alloc(n, 0x42),
    now: () => now,
  });
  const result = await server.step(sambaParts(goodLogon).exchange.negotiateMessage);
  const msg = decodeChallengeMessage(result.outputToken);
  assert.is(msg.targetName, 'CORP');
  assert.equal(msg.serverChallenge, Buffer.alloc(8, 0x42));
  assert.equal(msg.version, SERVER_VERSION);
  const text = (id: number) => msg.targetInfo.find((p) => p.avId === id)!.value.toString('utf16le');
  assert.equal(msg.targetInfo.map((p) => p.avId), [
    AvId.MsvAvNbDomainName,
    AvId.MsvAvNbComputerName,
    AvId.MsvAvDnsDomainName,
    AvId.MsvAvDnsComputerName,
    AvId.MsvAvTimestamp,
  ]);
  assert.is(text(AvId.MsvAvNbDomainName), 'CORP');
  assert.is(text(AvId.MsvAvNbComputerName), 'FS1');
  assert.is(text(AvId.MsvAvDnsDomainName), 'corp.example');
  assert.is(text(AvId.MsvAvDnsComputerName), 'fs1.corp.example');
  // 2024-03-05T12:34:56.789Z as FILETIME, computed with Python's datetime.
  assert.is(msg.targetInfo[4]!.value.readBigUInt64LE(0), 133541156967890000n);
});

test('CHALLENGE for an OEM-only client, and for a client that sent no NEGOTIATE', async () => {
  const opts = { identities: specUsers(), netbiosName: 'fs1', domain: 'corp' };
  const oem = await new NtlmServer(opts).step(encodeNegotiateMessage({ negotiateFlags: NtlmFlags.NEGOTIATE_OEM | NtlmFlags.NEGOTIATE_NTLM }));
  const oemMsg = decodeChallengeMessage(oem.outputToken);
  assert.is(oemMsg.negotiateFlags & (NtlmFlags.NEGOTIATE_UNICODE | NtlmFlags.NEGOTIATE_OEM), NtlmFlags.NEGOTIATE_OEM);
  assert.is(oemMsg.targetName, 'CORP');
  assert.is(oemMsg.version, undefined);
  assert.is(oemMsg.negotiateFlags & (NtlmFlags.NEGOTIATE_SIGN | NtlmFlags.NEGOTIATE_KEY_EXCH), 0);

  const none = decodeChallengeMessage((await new NtlmServer(opts).step(Buffer.alloc(0))).outputToken);
  for (const f of [NtlmFlags.NEGOTIATE_UNICODE, NtlmFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY, NtlmFlags.NEGOTIATE_KEY_EXCH, NtlmFlags.NEGOTIATE_SIGN, NtlmFlags.NEGOTIATE_128]) {
    assert.ok(none.negotiateFlags & f, `flag ${f.toString(16)}`);
  }
  assert.is(none.negotiateFlags & NtlmFlags.NEGOTIATE_LM_KEY, 0);
});

test('messages out of order are INVALID_PARAMETER', async () => {
  const server = new NtlmServer({ identities: specUsers(), netbiosName: 'a', domain: 'b' });
  await rejects(server.step(v2.authenticateMessage), NtStatus.INVALID_PARAMETER);
});

test.run();
