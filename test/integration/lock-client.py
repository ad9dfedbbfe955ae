#!/usr/bin/python3
"""Byte-range locks on smb3d driven by impacket. Prints one JSON object: {step: NTSTATUS name}.

usage: lock-client.py SCENARIO PORT [SHARE USER PASSWORD]   (default: share "data", user alice:secret)
  two-clients      two connections (two sessions, two opens of one file) locking against each other
  expired-session  one connection whose session expires while it holds a lock (server expiry 1 s)
"""
import json
import sys
import time

from impacket import nt_errors
from impacket.smb3structs import (
    FILE_OPEN,
    FILE_OVERWRITE_IF,
    FILE_READ_DATA,
    FILE_SHARE_READ,
    FILE_SHARE_WRITE,
    FILE_WRITE_DATA,
    SMB2_LOCK,
    SMB2_LOCK_ELEMENT,
    SMB2_LOCKFLAG_EXCLUSIVE_LOCK,
    SMB2_LOCKFLAG_FAIL_IMMEDIATELY,
    SMB2_DIALECT_21,
    SMB2_LOCKFLAG_UNLOCK,
    SMB2Lock,
    SMB2Packet,
)
from impacket.smbconnection import SMBConnection, SessionError

scenario, port = sys.argv[1], int(sys.argv[2])
share_name, user, password = sys.argv[3:6] if len(sys.argv) >= 6 else ("data", "alice", "secret")
results = {}


def name(status):
    return nt_errors.ERROR_MESSAGES.get(status, (hex(status),))[0]


def outcome(fn):
    try:
        fn()
        return "STATUS_SUCCESS"
    except SessionError as e:
        return name(e.getErrorCode())


def send_lock(conn, tid, fid, offset, length, flags):
    """Sends one SMB2 LOCK with a single element and returns its MessageId without waiting."""
    smb = conn.getSMBServer()
    packet = smb.SMB_PACKET()
    packet["Command"] = SMB2_LOCK
    packet["TreeID"] = tid
    element = SMB2_LOCK_ELEMENT()
    element["Offset"] = offset
    element["Length"] = length
    element["Flags"] = flags
    request = SMB2Lock()
    request["LockCount"] = 1
    request["FileID"] = fid
    request["Locks"] = element.getData()
    packet["Data"] = request
    return smb.sendSMB(packet)


def lock_status(conn, tid, fid, offset, length, flags):
    mid = send_lock(conn, tid, fid, offset, length, flags)
    return name(conn.getSMBServer().recvSMB(mid)["Status"])


def next_packet_status(conn):
    """The status of the next message on the wire, read without impacket's wait for final responses."""
    smb = conn.getSMBServer()
    return name(SMB2Packet(smb._NetBIOSSession.recv_packet(10).get_trailer())["Status"])


EXCLUSIVE_NOW = SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY
access = FILE_READ_DATA | FILE_WRITE_DATA
share = FILE_SHARE_READ | FILE_SHARE_WRITE


def two_clients():
    # 2.1: no encryption, so the interim response can be read off the wire as it is.
    a = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port, preferredDialect=SMB2_DIALECT_21)
    a.login(user, password)
    b = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port, preferredDialect=SMB2_DIALECT_21)
    b.login(user, password)
    ta, tb = a.connectTree(share_name), b.connectTree(share_name)
    fa = a.createFile(ta, "locked.bin", desiredAccess=access, shareMode=share, creationDisposition=FILE_OVERWRITE_IF)
    a.writeFile(ta, fa, b"a" * 100, 0)
    fb = b.createFile(tb, "locked.bin", desiredAccess=access, shareMode=share, creationDisposition=FILE_OPEN)

    results["aLock"] = lock_status(a, ta, fa, 0, 10, EXCLUSIVE_NOW)
    results["bWriteInside"] = outcome(lambda: b.writeFile(tb, fb, b"b", 5))
    results["bReadInside"] = outcome(lambda: b.readFile(tb, fb, 5, 1))
    results["bWriteOutside"] = outcome(lambda: b.writeFile(tb, fb, b"b", 10))
    results["aWriteOwnLock"] = outcome(lambda: a.writeFile(ta, fa, b"a", 5))
    results["bLockFailImmediately"] = lock_status(b, tb, fb, 0, 10, EXCLUSIVE_NOW)

    # A lock that may wait: the interim response says it went async, and it completes once A unlocks.
    waiting = send_lock(b, tb, fb, 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK)
    results["bBlockingInterim"] = next_packet_status(b)
    results["aUnlock"] = lock_status(a, ta, fa, 0, 10, SMB2_LOCKFLAG_UNLOCK)
    results["bBlockingFinal"] = name(b.getSMBServer().recvSMB(waiting)["Status"])
    results["aWriteAfterHandover"] = outcome(lambda: a.writeFile(ta, fa, b"a", 5))

    # A waiting lock that is cancelled.
    waiting = send_lock(a, ta, fa, 0, 10, SMB2_LOCKFLAG_EXCLUSIVE_LOCK)
    results["aBlockingInterim"] = next_packet_status(a)
    a.getSMBServer().cancel(waiting)
    results["aCancelled"] = name(a.getSMBServer().recvSMB(waiting)["Status"])

    # Closing B's open releases its lock.
    b.closeFile(tb, fb)
    results["aWriteAfterClose"] = outcome(lambda: a.writeFile(ta, fa, b"a", 5))
    a.closeFile(ta, fa)
    a.logoff()
    b.logoff()


def expired_session():
    conn = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port, preferredDialect=SMB2_DIALECT_21)
    conn.login(user, password)
    tid = conn.connectTree(share_name)
    fid = conn.createFile(tid, "expiring.bin", desiredAccess=access, shareMode=share, creationDisposition=FILE_OVERWRITE_IF)
    results["lockBefore"] = lock_status(conn, tid, fid, 0, 10, EXCLUSIVE_NOW)
    time.sleep(2.5)
    # MS-SMB2 3.3.5.2.9: LOCK still reaches an expired session; only the unlock is carried out.
    results["lockAfterExpiry"] = lock_status(conn, tid, fid, 20, 10, EXCLUSIVE_NOW)
    results["unlockAfterExpiry"] = lock_status(conn, tid, fid, 0, 10, SMB2_LOCKFLAG_UNLOCK)
    results["readAfterExpiry"] = outcome(lambda: conn.readFile(tid, fid, 0, 1))


{"two-clients": two_clients, "expired-session": expired_session}[scenario]()
print(json.dumps(results))
