import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  MechOid,
  NEG_HINT_NAME,
  NegState,
  decodeNegotiationToken,
  encodeMechTypeList,
  encodeNegTokenInit,
  encodeNegTokenInit2,
  encodeNegTokenResp,
  type NegTokenInit,
  type NegTokenResp,
} from '../../src/auth/spnego.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import { goodLogon, mutations } from './helpers/smbclient-samba.ts';

function init(bytes: Buffer): NegTokenInit {
  const t = decodeNegotiationToken(bytes);
  assert.is(t.kind, 'init');
  return t.token as NegTokenInit;
}

function resp(bytes: Buffer): NegTokenResp {
  const t = decodeNegotiationToken(bytes);
  assert.is(t.kind, 'resp');
  return t.token as NegTokenResp;
}

const [clientInit, serverChallenge, clientAuth, serverDone] = goodLogon.sessionSetup.map((s) => s.buffer) as [
  Buffer,
  Buffer,
  Buffer,
  Buffer,
];

test("Samba's NegTokenInit2 (SMB2 NEGOTIATE response) decodes with its negHints", () => {
  const t = init(goodLogon.negotiateResponse);
  assert.equal(t.mechTypes, [MechOid.NTLMSSP]);
  assert.equal(t.negHints, { hintName: NEG_HINT_NAME });
  assert.is(t.mechToken, undefined);
  assert.is(t.mechListMIC, undefined);
});

test('our NegTokenInit2 for NTLM is byte for byte the one Samba sends', () => {
  assert.equal(encodeNegTokenInit2({ mechTypes: [MechOid.NTLMSSP], hintName: NEG_HINT_NAME }), goodLogon.negotiateResponse);
});

test("smbclient's NegTokenInit: NTLM with an optimistic NEGOTIATE_MESSAGE", () => {
  const t = init(clientInit);
  assert.equal(t.mechTypes, [MechOid.NTLMSSP]);
  assert.is(t.mechTypesDer.toString('hex'), '300c060a2b06010401823702020a');
  assert.equal(t.mechTypesDer, encodeMechTypeList([MechOid.NTLMSSP]));
  assert.is(t.mechToken!.subarray(0, 8).toString('latin1'), 'NTLMSSP\0');
  assert.equal(encodeNegTokenInit({ mechTypes: t.mechTypes, mechToken: t.mechToken! }), clientInit);
});

test("Samba's accept-incomplete NegTokenResp with the CHALLENGE re-encodes byte for byte", () => {
  const t = resp(serverChallenge);
  assert.is(t.negState, NegState.ACCEPT_INCOMPLETE);
  assert.is(t.supportedMech, MechOid.NTLMSSP);
  assert.is(t.responseToken!.readUInt32LE(8), 2);
  assert.is(t.mechListMIC, undefined);
  assert.equal(encodeNegTokenResp(t), serverChallenge);
});

test("smbclient's NegTokenResp carries the AUTHENTICATE_MESSAGE and a mechListMIC", () => {
  const t = resp(clientAuth);
  assert.is(t.negState, undefined);
  assert.is(t.supportedMech, undefined);
  assert.is(t.responseToken!.readUInt32LE(8), 3);
  assert.is(t.mechListMIC!.length, 16);
  assert.equal(encodeNegTokenResp(t), clientAuth);
});

test("Samba's accept-completed NegTokenResp with its mechListMIC re-encodes byte for byte", () => {
  const t = resp(serverDone);
  assert.equal(Object.keys(t).sort(), ['mechListMIC', 'negState']);
  assert.is(t.negState, NegState.ACCEPT_COMPLETED);
  assert.equal(encodeNegTokenResp(t), serverDone);
});

test('Kerberos OIDs encode as Windows and Heimdal send them', () => {
  // DER bodies of the two Kerberos OIDs, as Heimdal's SPNEGO (lib/gssapi/spnego/compat.c) spells them.
  const list = encodeMechTypeList([MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLMSSP]);
  assert.ok(list.includes(Buffer.from('06092a864882f712010202', 'hex')));
  assert.ok(list.includes(Buffer.from('06092a864886f712010202', 'hex')));
  const t = init(encodeNegTokenInit({ mechTypes: [MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLMSSP] }));
  assert.equal(t.mechTypes, [MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLMSSP]);
  assert.equal(t.mechTypesDer, list);
});

test('a client NegTokenInit with a mechListMIC at [3]', () => {
  const t = init(encodeNegTokenInit({ mechTypes: [MechOid.NTLMSSP], mechListMIC: Buffer.alloc(16, 1) }));
  assert.equal(t.mechListMIC, Buffer.alloc(16, 1));
  assert.is(t.negHints, undefined);
});

test('reject negState round-trips', () => {
  assert.equal(resp(encodeNegTokenResp({ negState: NegState.REJECT })), { negState: NegState.REJECT });
});

const hex = (s: string) => Buffer.from(s, 'hex');
const malformed: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['truncated', clientInit.subarray(0, clientInit.length - 1)],
  ['trailing bytes', Buffer.concat([serverDone, Buffer.from([0])])],
  ['bare NegTokenInit without the GSS framing', clientInit.subarray(10)],
  ['InitialContextToken for Kerberos', hex('600d06092a864886f712010202a000')],
  ['InitialContextToken wrapping a NegTokenResp', hex('600a06062b0601050502a100')],
  ['NegTokenInit without mechTypes', hex('601006062b0601050502a0063004a2020400')],
  ['mechTypes that is not a SEQUENCE', hex('601006062b0601050502a0063004a0020400')],
  ['a MechType that is not an OID', hex('601206062b0601050502a0083006a00430020400')],
  ['NegTokenResp member out of order', hex('a10c300aa2030401aaa0030a0100')],
  ['NegTokenResp with an unknown member', hex('a1073005a5030a0100')],
  ['negState that is not ENUMERATED', hex('a1073005a003020100')],
  ['responseToken that is not an OCTET STRING', hex('a1073005a20302010f')],
  ['a SEQUENCE at top level', hex('3000')],
];

for (const [name, bytes] of malformed) {
  test(`malformed: ${name} → INVALID_PARAMETER`, () => {
    try {
      decodeNegotiationToken(bytes);
      assert.unreachable('decoded');
    } catch (err) {
      assert.ok(err instanceof NtStatusError && err.status === NtStatus.INVALID_PARAMETER, String(err));
    }
  });
}

test('fuzz: corrupted tokens decode or fail with INVALID_PARAMETER, nothing else', () => {
  let failures = 0;
  [goodLogon.negotiateResponse, clientInit, serverChallenge, clientAuth, serverDone].forEach((token, i) => {
    for (const m of mutations(token, 1500, 0xa5a5 + i)) {
      try {
        decodeNegotiationToken(m);
      } catch (err) {
        if (!(err instanceof NtStatusError && err.status === NtStatus.INVALID_PARAMETER)) throw err;
        failures++;
      }
    }
  });
  assert.ok(failures > 0);
});

test.run();
