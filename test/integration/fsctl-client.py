#!/usr/bin/python3
"""Drives the FSCTLs for file data with impacket's SMB3 client and prints one JSON object of results.

usage: fsctl-client.py PORT USER PASSWORD SCENARIO
  data      share "data": server-side copy, sparse, zero data, allocated ranges, compression, trim, refusals
  object-id share "data": CREATE_OR_GET_OBJECT_ID and GET_OBJECT_ID of keep.txt and of dir1
  ranges    share "data": allocated ranges of a sparse file with holes, and an output too small for them
  clone     share "data": FSCTL_DUPLICATE_EXTENTS_TO_FILE
  across    shares "data" and "other": a server-side copy from one to the other
Prints {"calls": {name: {"status": "STATUS_...", "output": hex or null}}, "facts": {name: value}}. SMB 2.1:
impacket's SMB 3.0 CREATE trips over servers that offer directory leasing.
"""
import json
import struct
import sys

from impacket import nt_errors
from impacket.smb3 import SessionError
from impacket.smb3structs import (SMB2_0_INFO_FILE, SMB2_0_IOCTL_IS_FSCTL, SMB2_DIALECT_21, FILE_APPEND_DATA,
    FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE, FILE_OPEN_IF, FILE_OVERWRITE_IF, FILE_READ_ATTRIBUTES,
    FILE_READ_DATA, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_WRITE_ATTRIBUTES, FILE_WRITE_DATA,
    SMB2_FILE_BASIC_INFO)
from impacket.smbconnection import SMBConnection

FSCTL_SRV_REQUEST_RESUME_KEY = 0x00140078
FSCTL_SRV_COPYCHUNK = 0x001440F2
FSCTL_SET_SPARSE = 0x000900C4
FSCTL_SET_ZERO_DATA = 0x000980C8
FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF
FSCTL_CREATE_OR_GET_OBJECT_ID = 0x000900C0
FSCTL_GET_OBJECT_ID = 0x0009009C
FSCTL_SET_OBJECT_ID = 0x00090098
FSCTL_GET_COMPRESSION = 0x0009003C
FSCTL_SET_COMPRESSION = 0x0009C040
FSCTL_FILE_LEVEL_TRIM = 0x00098208
FSCTL_GET_INTEGRITY_INFORMATION = 0x0009027C
FSCTL_DUPLICATE_EXTENTS_TO_FILE = 0x00098344
ALL = FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES

port, user, password, scenario = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
conn = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=port, preferredDialect=SMB2_DIALECT_21)
conn.login(user, password)
smb = conn.getSMBServer()
calls = {}
facts = {}


def status_name(code):
    return nt_errors.ERROR_MESSAGES.get(code, (hex(code),))[0]


def ioctl(tid, fid, code, data=b"", max_out=1024):
    """The status and output of one FSCTL; an IOCTL response that carries an error keeps its output."""
    try:
        out = smb.ioctl(tid, fid, code, SMB2_0_IOCTL_IS_FSCTL, data, maxOutputResponse=max_out)
        return {"status": "STATUS_SUCCESS", "output": (out or b"").hex()}
    except SessionError as e:
        packet = e.get_error_packet()
        body = bytes(packet["Data"]) if packet else b""
        output = None
        if len(body) >= 48 and struct.unpack_from("<H", body, 0)[0] == 49:
            offset, count = struct.unpack_from("<II", body, 32)
            output = body[offset - 64:offset - 64 + count].hex()
        return {"status": status_name(e.get_error_code()), "output": output}


def create(tid, name, access=ALL, disposition=FILE_OVERWRITE_IF, directory=False):
    options = FILE_DIRECTORY_FILE if directory else FILE_NON_DIRECTORY_FILE
    return smb.create(tid, name, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, options, disposition, 0)


def read(tid, fid, offset, length):
    return smb.read(tid, fid, offset, length)


def attributes(tid, fid):
    return struct.unpack_from("<I", smb.queryInfo(tid, fid, infoType=SMB2_0_INFO_FILE, fileInfoClass=SMB2_FILE_BASIC_INFO), 32)[0]


def resume_key(tid, fid):
    return bytes.fromhex(ioctl(tid, fid, FSCTL_SRV_REQUEST_RESUME_KEY, max_out=32)["output"])[:24]


def copychunk(tid, fid, key, chunks, max_out=12):
    data = key + struct.pack("<II", len(chunks), 0) + b"".join(struct.pack("<QQII", s, t, n, 0) for s, t, n in chunks)
    return ioctl(tid, fid, FSCTL_SRV_COPYCHUNK, data, max_out)


def ranges(tid, fid, offset, length, max_out=1024):
    return ioctl(tid, fid, FSCTL_QUERY_ALLOCATED_RANGES, struct.pack("<qq", offset, length), max_out)


pattern = bytes(i % 251 for i in range(8192))

if scenario == "data":
    tid = conn.connectTree("data")
    src = create(tid, "src.bin")
    smb.writeFile(tid, src, pattern)
    dst = create(tid, "dst.bin")
    calls["resumeKey"] = ioctl(tid, src, FSCTL_SRV_REQUEST_RESUME_KEY, max_out=32)
    calls["resumeKeySmallOutput"] = ioctl(tid, src, FSCTL_SRV_REQUEST_RESUME_KEY, max_out=24)
    key = resume_key(tid, src)
    calls["copy"] = copychunk(tid, dst, key, [(0, 0, 4096), (4096, 4096, 4096)])
    facts["copyData"] = read(tid, dst, 0, 8192) == pattern
    calls["copyOverlap"] = copychunk(tid, src, key, [(0, 100, 4096)])
    facts["copyOverlapData"] = read(tid, src, 100, 4096) == pattern[:4096]
    smb.writeFile(tid, src, pattern)
    calls["copyBadKey"] = copychunk(tid, dst, b"k" * 24, [(0, 0, 10)])
    calls["copyLimits"] = copychunk(tid, dst, key, [(0, 0, 1)] * 257)
    calls["copyZeroLength"] = copychunk(tid, dst, key, [(0, 0, 0)])
    calls["copySmallOutput"] = copychunk(tid, dst, key, [(0, 0, 10)], max_out=11)
    calls["copyBeyondSource"] = copychunk(tid, dst, key, [(0, 0, 1000), (8000, 0, 1000)])
    readonly = create(tid, "dst.bin", FILE_READ_DATA | FILE_READ_ATTRIBUTES, FILE_OPEN_IF)
    calls["copyToReadOnly"] = copychunk(tid, readonly, key, [(0, 0, 10)])
    smb.close(tid, src)
    calls["copyClosedSource"] = copychunk(tid, dst, key, [(0, 0, 10)])

    f = create(tid, "sparse.bin")
    smb.writeFile(tid, f, pattern)
    d = create(tid, "dir1", FILE_READ_DATA | FILE_WRITE_DATA | FILE_READ_ATTRIBUTES, FILE_OPEN_IF, directory=True)
    facts["attributesBefore"] = attributes(tid, f)
    calls["setSparse"] = ioctl(tid, f, FSCTL_SET_SPARSE, b"", 0)
    facts["attributesSparse"] = attributes(tid, f)
    calls["setSparseDirectory"] = ioctl(tid, d, FSCTL_SET_SPARSE, b"\x01", 0)
    calls["clearSparse"] = ioctl(tid, f, FSCTL_SET_SPARSE, b"\x00", 0)
    facts["attributesCleared"] = attributes(tid, f)
    calls["zero"] = ioctl(tid, f, FSCTL_SET_ZERO_DATA, struct.pack("<qq", 100, 200), 0)
    data = read(tid, f, 0, 9000)
    facts["zeroData"] = data == pattern[:100] + bytes(100) + pattern[200:]
    calls["zeroBeyondEnd"] = ioctl(tid, f, FSCTL_SET_ZERO_DATA, struct.pack("<qq", 8000, 20000), 0)
    facts["sizeAfterZero"] = len(read(tid, f, 0, 20000))
    calls["zeroInverted"] = ioctl(tid, f, FSCTL_SET_ZERO_DATA, struct.pack("<qq", 200, 100), 0)
    calls["zeroShort"] = ioctl(tid, f, FSCTL_SET_ZERO_DATA, b"\x00" * 8, 0)
    calls["zeroDirectory"] = ioctl(tid, d, FSCTL_SET_ZERO_DATA, struct.pack("<qq", 0, 1), 0)
    calls["ranges"] = ranges(tid, f, 0, 1 << 20)
    calls["rangesFrom"] = ranges(tid, f, 100, 50)
    calls["rangesPastEnd"] = ranges(tid, f, 8192, 100)
    calls["rangesNoRoom"] = ranges(tid, f, 0, 100, max_out=0)
    calls["rangesNegative"] = ranges(tid, f, 512, -1)
    wo = create(tid, "sparse.bin", FILE_WRITE_DATA, FILE_OPEN_IF)
    calls["rangesWithoutRead"] = ranges(tid, wo, 0, 100)
    calls["zeroWithoutWrite"] = ioctl(tid, readonly, FSCTL_SET_ZERO_DATA, struct.pack("<qq", 0, 1), 0)
    calls["setSparseWithoutWrite"] = ioctl(tid, readonly, FSCTL_SET_SPARSE, b"", 0)

    calls["getCompression"] = ioctl(tid, f, FSCTL_GET_COMPRESSION, b"", 2)
    calls["setCompressionLznt1"] = ioctl(tid, f, FSCTL_SET_COMPRESSION, b"\x02\x00", 0)
    calls["setCompressionNone"] = ioctl(tid, f, FSCTL_SET_COMPRESSION, b"\x00\x00", 0)
    calls["setCompressionBogus"] = ioctl(tid, f, FSCTL_SET_COMPRESSION, b"\x42\x00", 0)
    calls["trim"] = ioctl(tid, f, FSCTL_FILE_LEVEL_TRIM, struct.pack("<II", 0, 1) + struct.pack("<QQ", 0, 4096), 4)
    calls["trimNoRanges"] = ioctl(tid, f, FSCTL_FILE_LEVEL_TRIM, struct.pack("<II", 0, 0), 4)
    calls["getIntegrity"] = ioctl(tid, f, FSCTL_GET_INTEGRITY_INFORMATION, b"", 16)
    calls["setObjectId"] = ioctl(tid, f, FSCTL_SET_OBJECT_ID, b"\x01" * 64, 0)
    calls["objectIdSmallOutput"] = ioctl(tid, f, FSCTL_CREATE_OR_GET_OBJECT_ID, b"", 63)
elif scenario == "object-id":
    tid = conn.connectTree("data")
    f = create(tid, "keep.txt", disposition=FILE_OPEN_IF)
    d = create(tid, "dir1", FILE_READ_DATA | FILE_READ_ATTRIBUTES, FILE_OPEN_IF, directory=True)
    calls["file"] = ioctl(tid, f, FSCTL_CREATE_OR_GET_OBJECT_ID, b"", 64)
    calls["fileGet"] = ioctl(tid, f, FSCTL_GET_OBJECT_ID, b"", 64)
    calls["directory"] = ioctl(tid, d, FSCTL_CREATE_OR_GET_OBJECT_ID, b"", 64)
elif scenario == "ranges":
    tid = conn.connectTree("data")
    f = create(tid, "holes.bin")
    smb.writeFile(tid, f, bytes(range(256)) * 1024)
    calls["setSparse"] = ioctl(tid, f, FSCTL_SET_SPARSE, b"\x01", 0)
    for start in (0, 128 * 1024):
        ioctl(tid, f, FSCTL_SET_ZERO_DATA, struct.pack("<qq", start, start + 64 * 1024), 0)
    calls["ranges"] = ranges(tid, f, 0, 256 * 1024)
    calls["rangesOneFits"] = ranges(tid, f, 0, 256 * 1024, max_out=31)
    calls["clearSparse"] = ioctl(tid, f, FSCTL_SET_SPARSE, b"\x00", 0)
    calls["rangesNotSparse"] = ranges(tid, f, 0, 256 * 1024)
elif scenario == "clone":
    tid = conn.connectTree("data")
    src = create(tid, "clone-src.bin")
    smb.writeFile(tid, src, pattern)
    dst = create(tid, "clone-dst.bin")
    smb.writeFile(tid, dst, bytes(8192))
    handle = bytes(src) if isinstance(src, bytes) else src
    calls["clone"] = ioctl(tid, dst, FSCTL_DUPLICATE_EXTENTS_TO_FILE, handle + struct.pack("<qqq", 0, 4096, 4096), 0)
    facts["cloneData"] = read(tid, dst, 0, 8192) == bytes(4096) + pattern[:4096]
    calls["cloneBeyondSource"] = ioctl(tid, dst, FSCTL_DUPLICATE_EXTENTS_TO_FILE, handle + struct.pack("<qqq", 4096, 0, 8192), 0)
    calls["cloneOverlap"] = ioctl(tid, src, FSCTL_DUPLICATE_EXTENTS_TO_FILE, handle + struct.pack("<qqq", 0, 100, 4096), 0)
    calls["cloneBadHandle"] = ioctl(tid, dst, FSCTL_DUPLICATE_EXTENTS_TO_FILE, b"\x07" * 16 + struct.pack("<qqq", 0, 0, 1), 0)
    calls["cloneShort"] = ioctl(tid, dst, FSCTL_DUPLICATE_EXTENTS_TO_FILE, handle, 0)
elif scenario == "across":
    one = conn.connectTree("data")
    two = conn.connectTree("other")
    src = create(one, "from.bin")
    smb.writeFile(one, src, pattern)
    dst = create(two, "to.bin")
    calls["copy"] = copychunk(two, dst, resume_key(one, src), [(0, 0, 8192), (0, 8192, 100)])
    facts["copyData"] = read(two, dst, 0, 9000) == pattern + pattern[:100]
else:
    raise SystemExit(f"unknown scenario {scenario}")

conn.logoff()
print(json.dumps({"calls": calls, "facts": facts}))
