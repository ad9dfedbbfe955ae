#!/usr/bin/python3
"""Random small reads from one file over a single SMB connection, for the benchmark.

usage: impacket-reads.py PORT SHARE FILE COUNT SIZE SEED

impacket logs on (SMB 2.1, unsigned) and opens FILE; the timed loop then sends hand-built SMB2 READ
requests (MS-SMB2 2.2.19) one at a time on the same connection, because impacket's generic message
classes cost about a millisecond of client CPU per request, which would hide the server's share.
Prints one JSON line: {"dialect": ..., "seconds": ..., "ops": ...}; only the loop is timed.
"""
import json
import random
import struct
import sys
import time

from impacket.smb3structs import SMB2_DIALECT_21
from impacket.smbconnection import SMBConnection

port, share, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
count, size, seed = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])

# SMB 2.1 because impacket encrypts (AES-CCM) every 3.x session the server allows it to.
conn = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port, preferredDialect=SMB2_DIALECT_21)
conn.login("tuser", "pass")
tid = conn.connectTree(share)
fid = conn.openFile(tid, path, desiredAccess=0x00120089)  # FILE_GENERIC_READ
file_size = conn.queryInfo(tid, fid)["EndOfFile"]
expected = conn.readFile(tid, fid, 0, size)

smb = conn.getSMBServer()
sock = smb.get_socket()
session_id = smb._Session["SessionID"]
connection = smb._Connection

# MS-SMB2 2.2.1.2 SYNC header: ProtocolId, StructureSize, CreditCharge, Status, Command (READ = 8),
# CreditRequest, Flags, NextCommand, MessageId, Reserved, TreeId, SessionId, Signature.
HEADER = struct.Struct("<4sHHIHHIIQIIQ16s")
# MS-SMB2 2.2.19 READ request: StructureSize 49, Padding 0x50, Flags, Length, Offset, FileId,
# MinimumCount, Channel, RemainingBytes, ReadChannelInfoOffset/Length, one Buffer byte.
READ = struct.Struct("<HBBIQ16sIIIHHB")
STATUS_PENDING = 0x00000103


def recv_exact(n):
    chunks = []
    while n > 0:
        chunk = sock.recv(n)
        if not chunk:
            raise SystemExit("connection closed")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_at(offset):
    message_id = connection["SequenceWindow"]
    connection["SequenceWindow"] += 1
    request = HEADER.pack(b"\xfeSMB", 64, 1, 0, 8, 1, 0, 0, message_id, 0, tid, session_id, b"\0" * 16)
    request += READ.pack(49, 0x50, 0, size, offset, fid, 0, 0, 0, 0, 0, 0)
    sock.sendall(struct.pack(">I", len(request)) + request)
    while True:
        length = struct.unpack(">I", recv_exact(4))[0] & 0xFFFFFF
        response = recv_exact(length)
        status, = struct.unpack_from("<I", response, 8)
        # MS-SMB2 3.3.4.2: a server may first answer STATUS_PENDING and send the result later.
        if status != STATUS_PENDING:
            break
    got_id, = struct.unpack_from("<Q", response, 24)
    if status != 0 or got_id != message_id:
        raise SystemExit(f"READ at {offset}: status 0x{status:08x}, message id {got_id} (sent {message_id})")
    data_offset, data_length = struct.unpack_from("<BxI", response, 66)
    return response[data_offset:data_offset + data_length]


if read_at(0) != expected:
    raise SystemExit("hand-built READ returned other data than impacket's readFile")
rng = random.Random(seed)
offsets = [rng.randrange(file_size // size) * size for _ in range(count)]
start = time.perf_counter()
for offset in offsets:
    if len(read_at(offset)) != size:
        raise SystemExit(f"short read at {offset}")
seconds = time.perf_counter() - start

conn.closeFile(tid, fid)
conn.logoff()
print(json.dumps({"dialect": hex(conn.getDialect()), "seconds": seconds, "ops": count}))
