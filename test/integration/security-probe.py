# Runs a list of security operations with impacket (a client we did not write) and prints one JSON result
# per operation. QUERY_INFO and SET_INFO are sent by hand because impacket's helpers fix OutputBufferLength.
# usage: security-probe.py PORT SHARE USER PASSWORD PROGRAM_JSON
import json
import sys

from impacket import smb3structs as s
from impacket.smb3 import SessionError
from impacket.smbconnection import SMBConnection

port, share, user, password, program = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
conn = SMBConnection('127.0.0.1', '127.0.0.1', sess_port=port, preferredDialect=s.SMB2_DIALECT_21)
conn.login(user, password)
tree = conn.connectTree(share)
smb = conn.getSMBServer()
handles = []


def send(command, body):
    packet = smb.SMB_PACKET()
    packet['Command'] = command
    packet['TreeID'] = tree
    packet['Data'] = body
    answer = smb.recvSMB(smb.sendSMB(packet))
    return answer['Status'], bytes(answer['Data'])


def run(op):
    if op['op'] == 'create':
        try:
            fid = smb.create(tree, op['name'], op['access'], 7, op.get('options', 0), op.get('disposition', s.FILE_OPEN_IF), 0)
        except SessionError as e:
            return {'status': e.get_error_code()}
        handles.append(fid)
        return {'status': 0, 'handle': len(handles) - 1}
    if op['op'] == 'query':
        q = s.SMB2QueryInfo()
        q['FileID'] = handles[op['handle']]
        q['InfoType'] = s.SMB2_0_INFO_SECURITY
        q['FileInfoClass'] = 0
        q['OutputBufferLength'] = op['outlen']
        q['AdditionalInformation'] = op['addl']
        q['InputBufferOffset'] = 0
        q['Buffer'] = b'\x00'
        q['Flags'] = 0
        status, data = send(s.SMB2_QUERY_INFO, q)
        if status == 0:
            response = s.SMB2QueryInfo_Response(data)
            return {'status': 0, 'data': bytes(response['Buffer']).hex()}
        return {'status': status, 'body': data.hex()}
    if op['op'] == 'set':
        q = s.SMB2SetInfo()
        q['InfoType'] = s.SMB2_0_INFO_SECURITY
        q['FileInfoClass'] = 0
        q['AdditionalInformation'] = op['addl']
        q['FileID'] = handles[op['handle']]
        blob = bytes.fromhex(op['sd'])
        q['BufferLength'] = len(blob)
        q['Buffer'] = blob
        status, _ = send(s.SMB2_SET_INFO, q)
        return {'status': status}
    if op['op'] == 'close':
        smb.close(tree, handles[op['handle']])
        return {'status': 0}
    raise ValueError(op['op'])


print(json.dumps([run(op) for op in program]))
