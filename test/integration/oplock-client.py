#!/usr/bin/python3
"""Two impacket clients against smb3d: A caches writes under a batch oplock, B opens the file to read.

A must get the oplock break before B's open completes; A then writes what it had cached, acknowledges, and
B reads A's data. Prints one JSON line with what each side saw.

usage: oplock-client.py PORT DIALECT   (DIALECT: 2.1 or 3.0)
"""
import json
import sys
import threading
import time

from impacket.smb3structs import (
    FILE_OVERWRITE_IF,
    FILE_READ_DATA,
    FILE_SHARE_READ,
    FILE_SHARE_WRITE,
    FILE_WRITE_DATA,
    SMB2_DIALECT_21,
    SMB2_DIALECT_30,
    SMB2_OPLOCK_BREAK,
    SMB2_OPLOCK_LEVEL_BATCH,
    SMB2OplockBreakAcknowledgment,
    SMB2OplockBreakNotification,
    SMB2OplockBreakResponse,
)
from impacket.smbconnection import SMBConnection

port, dialect_name = int(sys.argv[1]), sys.argv[2]
dialect = {"2.1": SMB2_DIALECT_21, "3.0": SMB2_DIALECT_30}[dialect_name]
NAME = "cached.txt"
CACHED = b"written by A while it held the batch oplock; "
FLUSHED = b"flushed by A before acknowledging the break"
out = {}


def connect():
    conn = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port, preferredDialect=dialect)
    conn.login("alice", "secret")
    return conn, conn.connectTree("data")


a, tree_a = connect()
b, tree_b = connect()
smb_a = a.getSMBServer()
file_a = smb_a.create(tree_a, NAME, FILE_READ_DATA | FILE_WRITE_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, 0, FILE_OVERWRITE_IF, 0x80,
                      oplockLevel=SMB2_OPLOCK_LEVEL_BATCH)
a.writeFile(tree_a, file_a, CACHED, 0)


def reader():
    try:
        file_b = b.openFile(tree_b, NAME, desiredAccess=FILE_READ_DATA, shareMode=FILE_SHARE_READ | FILE_SHARE_WRITE)
        out["readerOpenedAt"] = time.monotonic()
        out["readerData"] = b.readFile(tree_b, file_b, 0, 4096).decode()
        b.closeFile(tree_b, file_b)
    except Exception as e:  # reported, so the test can show it
        out["readerError"] = f"{type(e).__name__}: {e}"


thread = threading.Thread(target=reader)
thread.start()

# The break arrives on A's connection while B's open waits for it.
packet = smb_a.recvSMB()
# impacket counts CreditCharge - 1 against its MessageId window for every message it receives; a
# notification charges nothing (CreditCharge 0, as Samba and Windows send it), so put the id back.
smb_a._Connection["SequenceWindow"] += 1
out["breakCommand"] = packet["Command"]
out["breakMessageId"] = f"{packet['MessageID']:016x}"
notification = SMB2OplockBreakNotification(packet["Data"])
out["breakLevel"] = notification["OplockLevel"]
out["breakNamesA"] = notification["FileID"].getData() == file_a
time.sleep(0.5)
out["readerWaitedForAck"] = "readerOpenedAt" not in out and "readerError" not in out

# A flushes what it cached, then lets go.
a.writeFile(tree_a, file_a, FLUSHED, len(CACHED))
flushed_at = time.monotonic()
ack = SMB2OplockBreakAcknowledgment()
ack["OplockLevel"] = notification["OplockLevel"]
ack["FileID"] = file_a
request = smb_a.SMB_PACKET()
request["Command"] = SMB2_OPLOCK_BREAK
request["TreeID"] = tree_a
request["Data"] = ack
response = smb_a.recvSMB(smb_a.sendSMB(request))
out["ackStatus"] = response["Status"]
out["ackLevel"] = SMB2OplockBreakResponse(response["Data"])["OplockLevel"]

thread.join(20)
out["readerOpenedAfterFlush"] = out.get("readerOpenedAt", 0) > flushed_at
out["expected"] = (CACHED + FLUSHED).decode()
out.pop("readerOpenedAt", None)
a.closeFile(tree_a, file_a)
a.deleteFile("data", NAME)
print(json.dumps(out))
