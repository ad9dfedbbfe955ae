#!/usr/bin/python3
"""Drives smb3d with impacket's SMBConnection and prints one JSON result line per check.

usage: impacket-client.py PORT DIALECT   (DIALECT: 2.0.2, 2.1 or 3.0)
"""
import io
import json
import sys

from impacket.smb3structs import SMB2_DIALECT_002, SMB2_DIALECT_21, SMB2_DIALECT_30
from impacket.smbconnection import SMBConnection, SessionError

port, dialect_name = int(sys.argv[1]), sys.argv[2]
dialect = {"2.0.2": SMB2_DIALECT_002, "2.1": SMB2_DIALECT_21, "3.0": SMB2_DIALECT_30}[dialect_name]
results = {}


def check(name, fn):
    try:
        results[name] = {"ok": True, "value": fn()}
    except SessionError as e:
        results[name] = {"ok": False, "error": e.getErrorString()[0]}
    except Exception as e:  # a client-side failure is a test failure too, with its message
        results[name] = {"ok": False, "error": f"{type(e).__name__}: {e}"}


conn = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port, preferredDialect=dialect)
check("login", lambda: (conn.login("alice", "secret"), conn.getDialect())[1])
check("listShares", lambda: sorted(s["shi1_netname"][:-1] for s in conn.listShares()))
payload = bytes(range(256)) * 4096 + b"tail"
check("putFile", lambda: conn.putFile("data", "up.bin", io.BytesIO(payload).read) or True)
got = io.BytesIO()
check("getFile", lambda: conn.getFile("data", "up.bin", got.write) or got.getvalue() == payload)
check("createDirectory", lambda: conn.createDirectory("data", "dir1") or True)
check("putInDirectory", lambda: conn.putFile("data", "dir1\\inner.txt", io.BytesIO(b"inner").read) or True)
check("listPath", lambda: sorted(f.get_longname() for f in conn.listPath("data", "*")))
check("listPathDir", lambda: sorted(f.get_longname() for f in conn.listPath("data", "dir1\\*")))
check("rename", lambda: conn.rename("data", "up.bin", "renamed.bin") or True)
check("listAfterRename", lambda: sorted(f.get_longname() for f in conn.listPath("data", "*")))
check("escapeDotDot", lambda: conn.getFile("data", "..\\..\\etc\\passwd", io.BytesIO().write) or True)
check("escapeDotDotInside", lambda: conn.getFile("data", "dir1\\..\\..\\secret.txt", io.BytesIO().write) or True)
check("deleteFile", lambda: conn.deleteFile("data", "renamed.bin") or True)
check("deleteNonEmptyDirectory", lambda: conn.deleteDirectory("data", "dir1") or True)
check("deleteInner", lambda: conn.deleteFile("data", "dir1\\inner.txt") or True)
check("deleteDirectory", lambda: conn.deleteDirectory("data", "dir1") or True)
check("listAtEnd", lambda: sorted(f.get_longname() for f in conn.listPath("data", "*")))
check("logoff", lambda: conn.logoff() or True)
print(json.dumps(results))
