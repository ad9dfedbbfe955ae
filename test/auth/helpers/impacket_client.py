#!/usr/bin/python3
# An impacket NTLM client (SPNEGO-wrapped or raw) driven over stdio by test/auth/authenticator.test.ts.
#
# argv[1] is a JSON config: user, password, domain, mode ("spnego" | "raw" | "kerberos-first"),
# mechListMic (send a mechListMIC, computed with impacket's NTLM SIGN, and check the server's), signing.
# Each line it writes is JSON: {"token": hex} for a security buffer to hand to the server, or
# {"result": {...}} at the end. Each line it reads is {"token": hex} (the server's reply) or
# {"error": status} (the server failed the exchange, which ends the run).
import json
import struct
import sys

from Cryptodome.Cipher import ARC4
from impacket import ntlm
from impacket.spnego import SPNEGO_NegTokenInit, SPNEGO_NegTokenResp, TypesMech

NTLMSSP = TypesMech['NTLMSSP - Microsoft NTLM Security Support Provider']
MS_KRB5 = TypesMech['MS KRB5 - Microsoft Kerberos 5']
KRB5 = TypesMech['KRB5 - Kerberos 5']


def send(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


def recv():
    reply = json.loads(sys.stdin.readline())
    if 'error' in reply:
        sys.exit(0)
    return bytes.fromhex(reply['token'])


def der(tag, body):
    n = len(body)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = b'\x81' + bytes([n])
    else:
        length = b'\x82' + struct.pack('>H', n)
    return bytes([tag]) + length + body


def tlvs(data):
    """Splits DER into (tag, body) pairs."""
    out = []
    while data:
        tag, first = data[0], data[1]
        if first < 0x80:
            n, head = first, 2
        else:
            k = first & 0x7f
            n, head = int.from_bytes(data[2:2 + k], 'big'), 2 + k
        out.append((tag, data[head:head + n]))
        data = data[head + n:]
    return out


def neg_token_resp(data):
    """The members of a NegTokenResp, by context tag (impacket's parser needs a responseToken)."""
    [(tag, seq)] = tlvs(data)
    assert tag == 0xa1
    [(_, members)] = tlvs(seq)
    return {t & 0x1f: tlvs(body)[0][1] for t, body in tlvs(members)}


def mic(flags, key, mode, message):
    handle = ARC4.new(ntlm.SEALKEY(flags, key, mode)).encrypt
    return ntlm.SIGN(flags, ntlm.SIGNKEY(flags, key, mode), message, 0, handle).getData()


cfg = json.loads(sys.argv[1])
mode = cfg['mode']
mechs = [MS_KRB5, KRB5, NTLMSSP] if mode == 'kerberos-first' else [NTLMSSP]
mech_types_der = der(0x30, b''.join(der(0x06, m) for m in mechs))

type1 = ntlm.getNTLMSSPType1('', cfg['domain'], signingRequired=cfg['signing'])
if mode == 'raw':
    send({'token': type1.getData().hex()})
else:
    init = SPNEGO_NegTokenInit()
    init['MechTypes'] = mechs
    # With Kerberos preferred, the optimistic token would be a Kerberos AP-REQ the server cannot use.
    init['MechToken'] = b'\x60\x03\x06\x01\x00' if mode == 'kerberos-first' else type1.getData()
    send({'token': init.getData().hex()})

reply = recv()
supported_mech = None
if mode == 'raw':
    type2 = reply
else:
    members = neg_token_resp(reply)
    supported_mech = members[1].hex() if 1 in members else None
    type2 = members[2]

type3, exported_session_key = ntlm.getNTLMSSPType3(type1, type2, cfg['user'], cfg['password'], cfg['domain'])
flags = type3['flags']
if mode == 'raw':
    send({'token': type3.getData().hex()})
elif cfg['mechListMic']:
    client_mic = mic(flags, exported_session_key, 'Client', mech_types_der)
    body = der(0xa2, der(0x04, type3.getData())) + der(0xa3, der(0x04, client_mic))
    send({'token': der(0xa1, der(0x30, body)).hex()})
else:
    resp = SPNEGO_NegTokenResp()
    resp['ResponseToken'] = type3.getData()
    send({'token': resp.getData().hex()})

final = recv()
result = {'exportedSessionKey': exported_session_key.hex(), 'flags': flags, 'supportedMech': supported_mech}
if mode != 'raw':
    members = neg_token_resp(final)
    result['negState'] = members[0][0] if 0 in members else None
    result['hasResponseToken'] = 2 in members
    if 3 in members:
        result['serverMicValid'] = members[3] == mic(flags, exported_session_key, 'Server', mech_types_der)
    else:
        result['serverMicValid'] = None
send({'result': result})
