import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  AvId,
  NtlmFlags,
  decodeAuthenticateMessage,
  decodeAvPairs,
  decodeChallengeMessage,
  decodeNegotiateMessage,
  encodeAuthenticateMessage,
  encodeAvPairs,
  encodeChallengeMessage,
  encodeNegotiateMessage,
  ntlmMessageType,
} from '../../src/auth/ntlmssp.ts';
import { decodeNegotiationToken } from '../../src/auth/spnego.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import { goodLogon, mutations } from './helpers/smbclient-samba.ts';
import { common, v2 } from './helpers/ms-nlmp-vectors.ts';

function isInvalidParameter(err: unknown): boolean {
  return err instanceof NtStatusError && err.status === NtStatus.INVALID_PARAMETER;
}

// smbclient's NTLMSSP messages, unwrapped from the captured SPNEGO tokens.
const [setup1, challengeResp, setup2] = goodLogon.sessionSetup;
const init = decodeNegotiationToken(setup1!.buffer);
const smbclientNegotiate = init.kind === 'init' ? init.token.mechToken! : Buffer.alloc(0);
const sambaChallengeTok = decodeNegotiationToken(challengeResp!.buffer);
const sambaChallenge = sambaChallengeTok.kind === 'resp' ? sambaChallengeTok.token.responseToken! : Buffer.alloc(0);
const authTok = decodeNegotiationToken(setup2!.buffer);
const smbclientAuthenticate = authTok.kind === 'resp' ? authTok.token.responseToken! : Buffer.alloc(0);

test('MS-NLMP 4.2.4.3 CHALLENGE_MESSAGE decodes to the example values and re-encodes byte for byte', () => {
  const msg = decodeChallengeMessage(v2.challengeMessage);
  assert.is(msg.negotiateFlags, v2.challengeFlags);
  assert.is(msg.targetName, common.serverName);
  assert.equal(msg.serverChallenge, common.serverChallenge);
  assert.equal(
    msg.targetInfo.map((p) => [p.avId, p.value.toString('utf16le')]),
    [
      [AvId.MsvAvNbDomainName, 'Domain'],
      [AvId.MsvAvNbComputerName, 'Server'],
    ],
  );
  assert.equal(msg.version, { productMajorVersion: 6, productMinorVersion: 0, productBuild: 6000, ntlmRevisionCurrent: 15 });
  assert.equal(encodeChallengeMessage(msg), v2.challengeMessage);
});

test('MS-NLMP 4.2.4.3 AUTHENTICATE_MESSAGE decodes to the example values and re-encodes byte for byte', () => {
  const msg = decodeAuthenticateMessage(v2.authenticateMessage);
  assert.is(msg.userName, common.user);
  assert.is(msg.domainName, common.userDom);
  assert.is(msg.workstation, common.workstation);
  assert.is(msg.lmChallengeResponse.length, 24);
  assert.equal(msg.encryptedRandomSessionKey, v2.encryptedSessionKey);
  assert.is(msg.mic, undefined);
  assert.equal(msg.version, { productMajorVersion: 5, productMinorVersion: 1, productBuild: 2600, ntlmRevisionCurrent: 15 });
  const response = msg.ntlmV2Response!;
  assert.equal(response.response, v2.ntProofStr);
  assert.is(response.clientChallenge.respType, 1);
  assert.is(response.clientChallenge.hiRespType, 1);
  assert.is(response.clientChallenge.timeStamp, common.time);
  assert.equal(response.clientChallenge.challengeFromClient, common.clientChallenge);
  assert.equal(
    response.clientChallenge.avPairs.map((p) => p.avId),
    [AvId.MsvAvNbDomainName, AvId.MsvAvNbComputerName],
  );
  const { ntlmV2Response: _, ...plain } = msg;
  assert.equal(encodeAuthenticateMessage(plain), v2.authenticateMessage);
});

test("smbclient's NEGOTIATE_MESSAGE decodes and re-encodes byte for byte", () => {
  const msg = decodeNegotiateMessage(smbclientNegotiate);
  assert.is(msg.negotiateFlags, 0x62088215);
  assert.is(msg.domainName, undefined);
  assert.is(msg.workstation, undefined);
  assert.equal(msg.version, { productMajorVersion: 6, productMinorVersion: 1, productBuild: 0, ntlmRevisionCurrent: 15 });
  assert.equal(encodeNegotiateMessage(msg), smbclientNegotiate);
});

test("Samba's CHALLENGE_MESSAGE decodes and re-encodes byte for byte", () => {
  const msg = decodeChallengeMessage(sambaChallenge);
  assert.is(msg.targetName, 'PEER');
  assert.equal(
    msg.targetInfo.map((p) => p.avId),
    [AvId.MsvAvNbDomainName, AvId.MsvAvNbComputerName, AvId.MsvAvDnsDomainName, AvId.MsvAvDnsComputerName, AvId.MsvAvTimestamp],
  );
  assert.equal(encodeChallengeMessage(msg), sambaChallenge);
});

test("smbclient's AUTHENTICATE_MESSAGE: names, MIC and NTLMv2 AV pairs", () => {
  const msg = decodeAuthenticateMessage(smbclientAuthenticate);
  assert.is(msg.userName, 'tuser');
  assert.is(msg.domainName, 'WORKGROUP');
  assert.is(msg.mic?.length, 16);
  assert.equal(msg.mic, smbclientAuthenticate.subarray(72, 88));
  const flags = msg.ntlmV2Response!.clientChallenge.avPairs.find((p) => p.avId === AvId.MsvAvFlags)!;
  assert.is(flags.value.readUInt32LE(0) & 2, 2);
  // Our encoder lays the payload out in another order; the decoded content survives the trip.
  const { ntlmV2Response: _, ...plain } = msg;
  const again = decodeAuthenticateMessage(encodeAuthenticateMessage(plain));
  assert.equal({ ...again, ntlmV2Response: undefined }, { ...msg, ntlmV2Response: undefined });
});

test('a minimal 16-byte NEGOTIATE_MESSAGE carries only flags', () => {
  const msg = decodeNegotiateMessage(smbclientNegotiate.subarray(0, 16));
  assert.is(msg.negotiateFlags, 0x62088215);
  assert.is(msg.version, undefined);
});

test('OEM domain and workstation in a NEGOTIATE_MESSAGE', () => {
  const flags = NtlmFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED | NtlmFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED | NtlmFlags.NEGOTIATE_NTLM;
  const bytes = encodeNegotiateMessage({ negotiateFlags: flags, domainName: 'DOM', workstation: 'WS' });
  assert.equal(decodeNegotiateMessage(bytes), { negotiateFlags: flags, domainName: 'DOM', workstation: 'WS' });
});

test('AV pairs: EOL is added and stripped, trailing bytes after EOL are ignored', () => {
  const pairs = [{ avId: AvId.MsvAvNbComputerName, value: Buffer.from('A', 'utf16le') }];
  const bytes = encodeAvPairs(pairs);
  assert.is(bytes.toString('hex'), '010002004100' + '00000000');
  assert.equal(decodeAvPairs(Buffer.concat([bytes, Buffer.alloc(4)])), pairs);
});

const malformed: [string, () => unknown][] = [
  ['not NTLMSSP', () => ntlmMessageType(Buffer.from('NTLMSSX\0\x01\0\0\0', 'latin1'))],
  ['too short for a type', () => ntlmMessageType(Buffer.from('NTLMSSP\0', 'latin1'))],
  ['CHALLENGE given to the NEGOTIATE decoder', () => decodeNegotiateMessage(v2.challengeMessage)],
  ['truncated CHALLENGE header', () => decodeChallengeMessage(v2.challengeMessage.subarray(0, 40))],
  ['CHALLENGE TargetInfo past the end', () => decodeChallengeMessage(v2.challengeMessage.subarray(0, 100))],
  ['AUTHENTICATE header only', () => decodeAuthenticateMessage(v2.authenticateMessage.subarray(0, 63))],
  ['AUTHENTICATE session key past the end', () => decodeAuthenticateMessage(v2.authenticateMessage.subarray(0, 230))],
  [
    'AUTHENTICATE field offset inside the header',
    () => {
      const m = Buffer.from(v2.authenticateMessage);
      m.writeUInt32LE(8, 32); // DomainNameBufferOffset
      return decodeAuthenticateMessage(m);
    },
  ],
  [
    'odd UTF-16 user name',
    () => {
      const m = Buffer.from(v2.authenticateMessage);
      m.writeUInt16LE(7, 36); // UserNameLen
      return decodeAuthenticateMessage(m);
    },
  ],
  ['AV pairs without EOL', () => decodeAvPairs(Buffer.from('0100020041', 'hex'))],
  ['AV pair longer than the list', () => decodeAvPairs(Buffer.from('01000a004100', 'hex'))],
  [
    'MIC announced but overlapped by the payload',
    () => {
      // The 4.2.4.3 message's payload starts at 72; announce a MIC in its MsvAvFlags.
      const msg = decodeAuthenticateMessage(v2.authenticateMessage);
      const nt = Buffer.from(msg.ntChallengeResponse);
      const pairs = decodeAvPairs(nt.subarray(44));
      const flags = Buffer.alloc(4);
      flags.writeUInt32LE(2, 0);
      const ntWithFlags = Buffer.concat([nt.subarray(0, 44), encodeAvPairs([...pairs, { avId: AvId.MsvAvFlags, value: flags }]), Buffer.alloc(4)]);
      const { ntlmV2Response: _, ...plain } = msg;
      return decodeAuthenticateMessage(encodeAuthenticateMessage({ ...plain, ntChallengeResponse: ntWithFlags }));
    },
  ],
];

for (const [name, run] of malformed) {
  test(`malformed: ${name} → INVALID_PARAMETER`, () => {
    try {
      run();
      assert.unreachable('decoded');
    } catch (err) {
      assert.ok(isInvalidParameter(err), String(err));
    }
  });
}

test('fuzz: corrupted messages decode or fail with INVALID_PARAMETER, nothing else', () => {
  const cases: [Buffer, (b: Buffer) => unknown][] = [
    [smbclientNegotiate, decodeNegotiateMessage],
    [v2.challengeMessage, decodeChallengeMessage],
    [sambaChallenge, decodeChallengeMessage],
    [v2.authenticateMessage, decodeAuthenticateMessage],
    [smbclientAuthenticate, decodeAuthenticateMessage],
  ];
  let failures = 0;
  cases.forEach(([message, decode], i) => {
    for (const m of mutations(message, 2000, 0x5eed + i)) {
      try {
        decode(m);
      } catch (err) {
        if (!isInvalidParameter(err)) throw err;
        failures++;
      }
    }
  });
  assert.ok(failures > 0, 'some corruptions must be rejected');
});

test.run();
