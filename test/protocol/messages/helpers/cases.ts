// One sample value per request and response codec, with the codec and declaration that handle it. The values
// are made up to exercise every field (distinct bytes, extreme integers), not captured traffic: the captured
// messages are in test/fixtures/golden (see golden-decode.test.ts).

import { Command, HeaderFlags } from '../../../../src/protocol/constants.ts';
import {
  encodeCreateContexts,
  encodeQueryMaximalAccessResponse,
  encodeQueryOnDiskIdResponse,
} from '../../../../src/protocol/create-contexts.ts';
import { encodeHeader } from '../../../../src/protocol/header.ts';
import * as m from '../../../../src/protocol/messages/index.ts';
import type { StructDeclaration } from '../../../../src/protocol/wire.ts';

/** A whole SMB2 message: a 64-byte header for `command` followed by `body`. */
export function smb2Message(command: number, body: Buffer, response: boolean): Buffer {
  const header = encodeHeader({
    creditCharge: 1,
    status: 0,
    command,
    credits: 1,
    flags: response ? HeaderFlags.SERVER_TO_REDIR : 0,
    nextCommand: 0,
    messageId: 7n,
    asyncId: 0n,
    processId: 0xfeff,
    treeId: 5,
    sessionId: 0x1122334455667788n,
    signature: Buffer.alloc(16),
  });
  return Buffer.concat([header, body]);
}

export interface Case {
  name: string;
  command: number;
  response: boolean;
  value: unknown;
  encode: (value: never) => Buffer;
  decode: (message: Buffer, bodyStart?: number) => unknown;
  /** The declaration of the fixed part, when one describes it, to locate fields in malformed tests. */
  declaration?: StructDeclaration<never>;
}

const bytes = (n: number, from = 1): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (from + i) & 0xff));
const u16 = (s: string): Buffer => Buffer.from(s, 'utf16le');
const guid = bytes(16, 0xa0);

function c<T>(
  name: string,
  command: number,
  response: boolean,
  value: T,
  encode: (v: T) => Buffer,
  decode: (message: Buffer, bodyStart?: number) => T,
  declaration?: StructDeclaration<never>,
): Case {
  return { name, command, response, value, encode: encode as (v: never) => Buffer, decode, declaration };
}

const fileId = { persistentFileId: 0x0102030405060708n, volatileFileId: 0xfffffffffffffffen };

export const cases: Case[] = [
  c('NEGOTIATE Request 2.x', Command.NEGOTIATE, false, {
    securityMode: 1,
    capabilities: 0x7f,
    clientGuid: guid,
    dialects: [0x0202, 0x0210, 0x0300, 0x0302],
    clientStartTime: 0x01d9aabbccddeeffn,
    negotiateContexts: [],
  }, m.encodeNegotiateRequest, m.decodeNegotiateRequest, m.NegotiateRequestDeclaration as StructDeclaration<never>),
  c('NEGOTIATE Request 3.1.1', Command.NEGOTIATE, false, {
    securityMode: 2,
    capabilities: 0x44,
    clientGuid: guid,
    dialects: [0x0202, 0x0210, 0x0300, 0x0302, 0x0311],
    // NegotiateContextOffset 112 (the Dialects end at 110 from the header, aligned up), NegotiateContextCount 8.
    clientStartTime: 112n | (8n << 32n),
    negotiateContexts: [
      { type: 'PREAUTH_INTEGRITY_CAPABILITIES', hashAlgorithms: [1], salt: bytes(32, 0x40) },
      { type: 'ENCRYPTION_CAPABILITIES', ciphers: [4, 2, 3, 1] },
      { type: 'COMPRESSION_CAPABILITIES', flags: 1, compressionAlgorithms: [5, 3, 2, 4] },
      { type: 'NETNAME_NEGOTIATE_CONTEXT_ID', netName: 'fileserver.example' },
      { type: 'TRANSPORT_CAPABILITIES', flags: 1 },
      { type: 'RDMA_TRANSFORM_CAPABILITIES', rdmaTransformIds: [1, 2] },
      { type: 'SIGNING_CAPABILITIES', signingAlgorithms: [2, 1, 0] },
      { type: 'UNKNOWN', contextType: 0x0100, data: bytes(3, 0xee) },
    ],
  }, m.encodeNegotiateRequest, m.decodeNegotiateRequest),
  c('NEGOTIATE Response 3.0', Command.NEGOTIATE, true, {
    securityMode: 3,
    dialectRevision: 0x0300,
    serverGuid: guid,
    capabilities: 0x2f,
    maxTransactSize: 8388608,
    maxReadSize: 8388608,
    maxWriteSize: 8388608,
    systemTime: 0x01da000011112222n,
    serverStartTime: 0n,
    securityBuffer: bytes(74, 0x60),
    negotiateContexts: [],
  }, m.encodeNegotiateResponse, m.decodeNegotiateResponse, m.NegotiateResponseDeclaration as StructDeclaration<never>),
  c('NEGOTIATE Response 3.1.1', Command.NEGOTIATE, true, {
    securityMode: 1,
    dialectRevision: 0x0311,
    serverGuid: guid,
    capabilities: 0x45,
    maxTransactSize: 0xffffffff,
    maxReadSize: 1048576,
    maxWriteSize: 1048576,
    systemTime: 0xffffffffffffffffn,
    serverStartTime: 1n,
    securityBuffer: bytes(13, 0x30),
    negotiateContexts: [
      { type: 'PREAUTH_INTEGRITY_CAPABILITIES', hashAlgorithms: [1], salt: bytes(32, 0x80) },
      { type: 'ENCRYPTION_CAPABILITIES', ciphers: [2] },
      { type: 'SIGNING_CAPABILITIES', signingAlgorithms: [2] },
    ],
  }, m.encodeNegotiateResponse, m.decodeNegotiateResponse),
  c('NEGOTIATE Response 3.1.1 without a security buffer', Command.NEGOTIATE, true, {
    securityMode: 1,
    dialectRevision: 0x0311,
    serverGuid: guid,
    capabilities: 0,
    maxTransactSize: 65536,
    maxReadSize: 65536,
    maxWriteSize: 65536,
    systemTime: 0n,
    serverStartTime: 0n,
    securityBuffer: Buffer.alloc(0),
    negotiateContexts: [{ type: 'ENCRYPTION_CAPABILITIES', ciphers: [1] }],
  }, m.encodeNegotiateResponse, m.decodeNegotiateResponse),
  c('SESSION_SETUP Request', Command.SESSION_SETUP, false, {
    flags: 1,
    securityMode: 2,
    capabilities: 1,
    channel: 0,
    previousSessionId: 0x8877665544332211n,
    securityBuffer: bytes(40, 0x11),
  }, m.encodeSessionSetupRequest, m.decodeSessionSetupRequest, m.SessionSetupRequestDeclaration as StructDeclaration<never>),
  c('SESSION_SETUP Response', Command.SESSION_SETUP, true, { sessionFlags: 4, securityBuffer: bytes(9, 0x21) },
    m.encodeSessionSetupResponse, m.decodeSessionSetupResponse, m.SessionSetupResponseDeclaration as StructDeclaration<never>),
  c('LOGOFF Request', Command.LOGOFF, false, {}, m.encodeLogoffRequest, m.decodeLogoffRequest,
    m.LogoffRequestDeclaration as StructDeclaration<never>),
  c('LOGOFF Response', Command.LOGOFF, true, {}, m.encodeLogoffResponse, m.decodeLogoffResponse,
    m.LogoffResponseDeclaration as StructDeclaration<never>),
  c('TREE_CONNECT Request', Command.TREE_CONNECT, false, {
    flags: 0,
    path: u16('\\\\server\\share'),
    treeConnectContexts: [],
  }, m.encodeTreeConnectRequest, m.decodeTreeConnectRequest, m.TreeConnectRequestDeclaration as StructDeclaration<never>),
  c('TREE_CONNECT Request with extension', Command.TREE_CONNECT, false, {
    flags: m.TreeConnectFlags.EXTENSION_PRESENT | m.TreeConnectFlags.REDIRECT_TO_OWNER,
    path: u16('\\\\server\\share'),
    treeConnectContexts: [
      { contextType: m.TreeConnectContextType.REMOTED_IDENTITY, data: bytes(29, 0x50) },
      { contextType: 0x7777, data: bytes(1, 0x99) },
    ],
  }, m.encodeTreeConnectRequest, m.decodeTreeConnectRequest,
  m.TreeConnectRequestExtensionDeclaration as StructDeclaration<never>),
  c('TREE_CONNECT Request with an empty extension', Command.TREE_CONNECT, false, {
    flags: m.TreeConnectFlags.EXTENSION_PRESENT,
    path: u16('\\\\h\\ipc$'),
    treeConnectContexts: [],
  }, m.encodeTreeConnectRequest, m.decodeTreeConnectRequest),
  c('TREE_CONNECT Response', Command.TREE_CONNECT, true, {
    shareType: 1,
    shareFlags: 0x00008830,
    capabilities: 0x08,
    maximalAccess: 0x001f01ff,
  }, m.encodeTreeConnectResponse, m.decodeTreeConnectResponse, m.TreeConnectResponseDeclaration as StructDeclaration<never>),
  c('TREE_DISCONNECT Request', Command.TREE_DISCONNECT, false, {}, m.encodeTreeDisconnectRequest,
    m.decodeTreeDisconnectRequest, m.TreeDisconnectRequestDeclaration as StructDeclaration<never>),
  c('TREE_DISCONNECT Response', Command.TREE_DISCONNECT, true, {}, m.encodeTreeDisconnectResponse,
    m.decodeTreeDisconnectResponse, m.TreeDisconnectResponseDeclaration as StructDeclaration<never>),
  c('CREATE Request', Command.CREATE, false, {
    requestedOplockLevel: 0xff,
    impersonationLevel: 2,
    desiredAccess: 0x0012019f,
    fileAttributes: 0x80,
    shareAccess: 7,
    createDisposition: 3,
    createOptions: 0x40,
    name: u16('dir\\file.txt'),
    createContexts: encodeCreateContexts([
      { name: 'MxAc', data: Buffer.alloc(0) },
      { name: 'QFid', data: Buffer.alloc(0) },
      { name: 'RqLs', data: bytes(52, 0x70) },
    ]),
  }, m.encodeCreateRequest, m.decodeCreateRequest, m.CreateRequestDeclaration as StructDeclaration<never>),
  c('CREATE Request for the share root', Command.CREATE, false, {
    requestedOplockLevel: 0,
    impersonationLevel: 2,
    desiredAccess: 0x00100081,
    fileAttributes: 0,
    shareAccess: 7,
    createDisposition: 1,
    createOptions: 0x21,
    name: Buffer.alloc(0),
    createContexts: Buffer.alloc(0),
  }, m.encodeCreateRequest, m.decodeCreateRequest),
  c('CREATE Response', Command.CREATE, true, {
    oplockLevel: 0xff,
    flags: 0,
    createAction: 2,
    creationTime: 0x01d9000000000001n,
    lastAccessTime: 0x01d9000000000002n,
    lastWriteTime: 0x01d9000000000003n,
    changeTime: 0x01d9000000000004n,
    allocationSize: 4096n,
    endofFile: 18n,
    fileAttributes: 0x20,
    ...fileId,
    createContexts: encodeCreateContexts([
      { name: 'MxAc', data: encodeQueryMaximalAccessResponse({ queryStatus: 0, maximalAccess: 0x001f01ff }) },
      { name: 'QFid', data: encodeQueryOnDiskIdResponse({ diskFileId: 0x1234n, volumeId: 0x56n }) },
    ]),
  }, m.encodeCreateResponse, m.decodeCreateResponse, m.CreateResponseDeclaration as StructDeclaration<never>),
  c('CLOSE Request', Command.CLOSE, false, { flags: 1, ...fileId }, m.encodeCloseRequest, m.decodeCloseRequest,
    m.CloseRequestDeclaration as StructDeclaration<never>),
  c('CLOSE Response', Command.CLOSE, true, {
    flags: 1,
    creationTime: 1n,
    lastAccessTime: 2n,
    lastWriteTime: 3n,
    changeTime: 4n,
    allocationSize: 0x7fffffffffffffffn,
    endofFile: 0x7ffffffffffffff0n,
    fileAttributes: 0x10,
  }, m.encodeCloseResponse, m.decodeCloseResponse, m.CloseResponseDeclaration as StructDeclaration<never>),
  c('FLUSH Request', Command.FLUSH, false, { ...fileId }, m.encodeFlushRequest, m.decodeFlushRequest,
    m.FlushRequestDeclaration as StructDeclaration<never>),
  c('FLUSH Response', Command.FLUSH, true, {}, m.encodeFlushResponse, m.decodeFlushResponse,
    m.FlushResponseDeclaration as StructDeclaration<never>),
  c('READ Request', Command.READ, false, {
    padding: 0x50,
    flags: 0,
    length: 65536,
    offset: 0x100000000n,
    ...fileId,
    minimumCount: 1,
    channel: 0,
    remainingBytes: 0,
    readChannelInfo: Buffer.alloc(0),
  }, m.encodeReadRequest, m.decodeReadRequest, m.ReadRequestDeclaration as StructDeclaration<never>),
  c('READ Request with channel info', Command.READ, false, {
    padding: 0,
    flags: 1,
    length: 1,
    offset: 0n,
    ...fileId,
    minimumCount: 0,
    channel: 1,
    remainingBytes: 7,
    readChannelInfo: bytes(16, 0x33),
  }, m.encodeReadRequest, m.decodeReadRequest),
  c('READ Response', Command.READ, true, { dataRemaining: 0, flags: 0, data: bytes(300, 0) },
    m.encodeReadResponse, m.decodeReadResponse, m.ReadResponseDeclaration as StructDeclaration<never>),
  c('READ Response without data', Command.READ, true, { dataRemaining: 5, flags: 1, data: Buffer.alloc(0) },
    m.encodeReadResponse, m.decodeReadResponse),
  c('WRITE Request', Command.WRITE, false, {
    offset: 0xffffffffn,
    ...fileId,
    channel: 0,
    remainingBytes: 0,
    flags: 1,
    data: bytes(1000, 3),
    writeChannelInfo: Buffer.alloc(0),
  }, m.encodeWriteRequest, m.decodeWriteRequest, m.WriteRequestDeclaration as StructDeclaration<never>),
  c('WRITE Response', Command.WRITE, true, { count: 1000 }, m.encodeWriteResponse, m.decodeWriteResponse,
    m.WriteResponseDeclaration as StructDeclaration<never>),
  c('OPLOCK_BREAK Acknowledgment', Command.OPLOCK_BREAK, false, {
    type: 'OPLOCK_BREAK_ACKNOWLEDGMENT',
    oplockLevel: 1,
    ...fileId,
  }, m.encodeOplockBreakRequest, m.decodeOplockBreakRequest, m.OplockBreakAcknowledgmentDeclaration as StructDeclaration<never>),
  c('Lease Break Acknowledgment', Command.OPLOCK_BREAK, false, {
    type: 'LEASE_BREAK_ACKNOWLEDGMENT',
    flags: 0,
    leaseKey: bytes(16, 0xc0),
    leaseState: 3,
    leaseDuration: 0n,
  }, m.encodeOplockBreakRequest, m.decodeOplockBreakRequest, m.LeaseBreakAcknowledgmentDeclaration as StructDeclaration<never>),
  c('Oplock Break Notification', Command.OPLOCK_BREAK, true, { type: 'OPLOCK_BREAK', oplockLevel: 0, ...fileId },
    m.encodeOplockBreakResponse, m.decodeOplockBreakResponse, m.OplockBreakNotificationDeclaration as StructDeclaration<never>),
  c('Lease Break Notification', Command.OPLOCK_BREAK, true, {
    type: 'LEASE_BREAK_NOTIFICATION',
    newEpoch: 3,
    flags: m.LeaseBreakFlags.NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED,
    leaseKey: bytes(16, 0xd0),
    currentLeaseState: 7,
    newLeaseState: 1,
    breakReason: 0,
    accessMaskHint: 0,
    shareMaskHint: 0,
  }, m.encodeOplockBreakResponse, m.decodeOplockBreakResponse, m.LeaseBreakNotificationDeclaration as StructDeclaration<never>),
  c('Lease Break Response', Command.OPLOCK_BREAK, true, {
    type: 'LEASE_BREAK_RESPONSE',
    flags: 0,
    leaseKey: bytes(16, 0xe0),
    leaseState: 1,
    leaseDuration: 0n,
  }, m.encodeOplockBreakResponse, m.decodeOplockBreakResponse, m.LeaseBreakResponseDeclaration as StructDeclaration<never>),
  c('LOCK Request', Command.LOCK, false, {
    lockSequenceNumber: 0xa,
    lockSequenceIndex: 64,
    ...fileId,
    locks: [
      { offset: 0n, length: 10n, flags: 2 },
      { offset: 0xffffffffffffff00n, length: 0xffn, flags: 0x11 },
      { offset: 100n, length: 1n, flags: 4 },
    ],
  }, m.encodeLockRequest, m.decodeLockRequest, m.LockRequestDeclaration as StructDeclaration<never>),
  c('LOCK Response', Command.LOCK, true, {}, m.encodeLockResponse, m.decodeLockResponse,
    m.LockResponseDeclaration as StructDeclaration<never>),
  c('ECHO Request', Command.ECHO, false, {}, m.encodeEchoRequest, m.decodeEchoRequest,
    m.EchoRequestDeclaration as StructDeclaration<never>),
  c('ECHO Response', Command.ECHO, true, {}, m.encodeEchoResponse, m.decodeEchoResponse,
    m.EchoResponseDeclaration as StructDeclaration<never>),
  c('CANCEL Request', Command.CANCEL, false, {}, m.encodeCancelRequest, m.decodeCancelRequest,
    m.CancelRequestDeclaration as StructDeclaration<never>),
  c('IOCTL Request', Command.IOCTL, false, {
    ctlCode: 0x0011c017,
    ...fileId,
    maxInputResponse: 0,
    maxOutputResponse: 4280,
    flags: 1,
    input: bytes(72, 5),
    output: bytes(3, 9),
  }, m.encodeIoctlRequest, m.decodeIoctlRequest, m.IoctlRequestDeclaration as StructDeclaration<never>),
  c('IOCTL Response', Command.IOCTL, true, {
    ctlCode: 0x00140204,
    persistentFileId: 0xffffffffffffffffn,
    volatileFileId: 0xffffffffffffffffn,
    flags: 0,
    input: bytes(5, 0x10),
    output: bytes(24, 0x20),
  }, m.encodeIoctlResponse, m.decodeIoctlResponse, m.IoctlResponseDeclaration as StructDeclaration<never>),
  c('QUERY_DIRECTORY Request', Command.QUERY_DIRECTORY, false, {
    fileInformationClass: 0x25,
    flags: 1,
    fileIndex: 0,
    ...fileId,
    outputBufferLength: 65536,
    fileName: u16('*'),
  }, m.encodeQueryDirectoryRequest, m.decodeQueryDirectoryRequest, m.QueryDirectoryRequestDeclaration as StructDeclaration<never>),
  c('QUERY_DIRECTORY Response', Command.QUERY_DIRECTORY, true, { outputBuffer: bytes(200, 0x41) },
    m.encodeQueryDirectoryResponse, m.decodeQueryDirectoryResponse,
    m.QueryDirectoryResponseDeclaration as StructDeclaration<never>),
  c('CHANGE_NOTIFY Request', Command.CHANGE_NOTIFY, false, {
    flags: 1,
    outputBufferLength: 4096,
    ...fileId,
    completionFilter: 0x17,
  }, m.encodeChangeNotifyRequest, m.decodeChangeNotifyRequest, m.ChangeNotifyRequestDeclaration as StructDeclaration<never>),
  c('CHANGE_NOTIFY Response', Command.CHANGE_NOTIFY, true, { outputBuffer: bytes(24, 0x61) },
    m.encodeChangeNotifyResponse, m.decodeChangeNotifyResponse, m.ChangeNotifyResponseDeclaration as StructDeclaration<never>),
  c('QUERY_INFO Request', Command.QUERY_INFO, false, {
    infoType: 4,
    fileInfoClass: 32,
    outputBufferLength: 65536,
    additionalInformation: 0,
    flags: 0,
    ...fileId,
    inputBuffer: bytes(24, 0x71),
  }, m.encodeQueryInfoRequest, m.decodeQueryInfoRequest, m.QueryInfoRequestDeclaration as StructDeclaration<never>),
  c('QUERY_INFO Response', Command.QUERY_INFO, true, { outputBuffer: bytes(40, 0x81) },
    m.encodeQueryInfoResponse, m.decodeQueryInfoResponse, m.QueryInfoResponseDeclaration as StructDeclaration<never>),
  c('SET_INFO Request', Command.SET_INFO, false, {
    infoType: 1,
    fileInfoClass: 4,
    additionalInformation: 0,
    ...fileId,
    buffer: bytes(40, 0x91),
  }, m.encodeSetInfoRequest, m.decodeSetInfoRequest, m.SetInfoRequestDeclaration as StructDeclaration<never>),
  c('SET_INFO Response', Command.SET_INFO, true, {}, m.encodeSetInfoResponse, m.decodeSetInfoResponse,
    m.SetInfoResponseDeclaration as StructDeclaration<never>),
  c('ERROR Response', Command.CREATE, true, { errorContextCount: 0, errorData: Buffer.alloc(0) },
    m.encodeErrorResponse, m.decodeErrorResponse, m.ErrorResponseDeclaration as StructDeclaration<never>),
  c('ERROR Response with data', Command.QUERY_INFO, true, { errorContextCount: 0, errorData: bytes(4, 0x28) },
    m.encodeErrorResponse, m.decodeErrorResponse),
  c('ERROR Response with error contexts', Command.TREE_CONNECT, true, {
    errorContextCount: 2,
    errorData: m.encodeErrorContexts([
      { errorId: m.ErrorId.DEFAULT, errorContextData: bytes(2, 0x11) },
      { errorId: m.ErrorId.SHARE_REDIRECT, errorContextData: bytes(48, 0x22) },
    ]),
  }, m.encodeErrorResponse, m.decodeErrorResponse),
];
