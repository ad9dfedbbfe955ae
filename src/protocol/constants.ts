// Numeric constants of MS-SMB2 section 2.2, named as the spec names them.

/** MS-SMB2 2.2.1.2 Command */
export const Command = {
  NEGOTIATE: 0x0000,
  SESSION_SETUP: 0x0001,
  LOGOFF: 0x0002,
  TREE_CONNECT: 0x0003,
  TREE_DISCONNECT: 0x0004,
  CREATE: 0x0005,
  CLOSE: 0x0006,
  FLUSH: 0x0007,
  READ: 0x0008,
  WRITE: 0x0009,
  LOCK: 0x000a,
  IOCTL: 0x000b,
  CANCEL: 0x000c,
  ECHO: 0x000d,
  QUERY_DIRECTORY: 0x000e,
  CHANGE_NOTIFY: 0x000f,
  QUERY_INFO: 0x0010,
  SET_INFO: 0x0011,
  OPLOCK_BREAK: 0x0012,
} as const;
export type CommandCode = (typeof Command)[keyof typeof Command];
export const commandName = (c: number): string =>
  Object.entries(Command).find(([, v]) => v === c)?.[0] ?? `0x${c.toString(16)}`;

/** MS-SMB2 2.2.1.2 Flags */
export const HeaderFlags = {
  SERVER_TO_REDIR: 0x00000001,
  ASYNC_COMMAND: 0x00000002,
  RELATED_OPERATIONS: 0x00000004,
  SIGNED: 0x00000008,
  PRIORITY_MASK: 0x00000070,
  DFS_OPERATIONS: 0x10000000,
  REPLAY_OPERATION: 0x20000000,
} as const;

/** MS-SMB2 2.2.3 Dialects */
export const Dialect = {
  SMB2_0_2: 0x0202,
  SMB2_1: 0x0210,
  SMB3_0: 0x0300,
  SMB3_0_2: 0x0302,
  SMB3_1_1: 0x0311,
  WILDCARD: 0x02ff,
} as const;

/** MS-SMB2 2.2.3 SecurityMode */
export const SecurityMode = {
  SIGNING_ENABLED: 0x0001,
  SIGNING_REQUIRED: 0x0002,
} as const;

/** MS-SMB2 2.2.3 / 2.2.4 Capabilities */
export const Capabilities = {
  DFS: 0x00000001,
  LEASING: 0x00000002,
  LARGE_MTU: 0x00000004,
  MULTI_CHANNEL: 0x00000008,
  PERSISTENT_HANDLES: 0x00000010,
  DIRECTORY_LEASING: 0x00000020,
  ENCRYPTION: 0x00000040,
  NOTIFICATIONS: 0x00000080,
} as const;

/** MS-SMB2 2.2.3.1 ContextType */
export const NegotiateContextType = {
  PREAUTH_INTEGRITY_CAPABILITIES: 0x0001,
  ENCRYPTION_CAPABILITIES: 0x0002,
  COMPRESSION_CAPABILITIES: 0x0003,
  NETNAME_NEGOTIATE_CONTEXT_ID: 0x0005,
  TRANSPORT_CAPABILITIES: 0x0006,
  RDMA_TRANSFORM_CAPABILITIES: 0x0007,
  SIGNING_CAPABILITIES: 0x0008,
  CONTEXTTYPE_RESERVED: 0x0100,
} as const;

/** MS-SMB2 2.2.3.1.1 HashAlgorithms */
export const HashAlgorithm = { SHA_512: 0x0001 } as const;

/** MS-SMB2 2.2.3.1.2 Ciphers */
export const CipherId = {
  AES_128_CCM: 0x0001,
  AES_128_GCM: 0x0002,
  AES_256_CCM: 0x0003,
  AES_256_GCM: 0x0004,
} as const;

/** MS-SMB2 2.2.3.1.7 SigningAlgorithms */
export const SigningAlgorithmId = {
  HMAC_SHA256: 0x0000,
  AES_CMAC: 0x0001,
  AES_GMAC: 0x0002,
} as const;

/** MS-SMB2 2.2.3.1.3 CompressionAlgorithms */
export const CompressionAlgorithm = {
  NONE: 0x0000,
  LZNT1: 0x0001,
  LZ77: 0x0002,
  LZ77_HUFFMAN: 0x0003,
  PATTERN_V1: 0x0004,
  LZ4: 0x0005,
} as const;

/** MS-SMB2 2.2.5 SESSION_SETUP Request Flags */
export const SessionSetupRequestFlags = { BINDING: 0x01 } as const;

/** MS-SMB2 2.2.6 SessionFlags */
export const SessionFlags = {
  IS_GUEST: 0x0001,
  IS_NULL: 0x0002,
  ENCRYPT_DATA: 0x0004,
} as const;

/** MS-SMB2 2.2.10 ShareType */
export const ShareType = { DISK: 0x01, PIPE: 0x02, PRINT: 0x03 } as const;

/** MS-SMB2 2.2.10 ShareFlags */
export const ShareFlags = {
  MANUAL_CACHING: 0x00000000,
  AUTO_CACHING: 0x00000010,
  VDO_CACHING: 0x00000020,
  NO_CACHING: 0x00000030,
  DFS: 0x00000001,
  DFS_ROOT: 0x00000002,
  RESTRICT_EXCLUSIVE_OPENS: 0x00000100,
  FORCE_SHARED_DELETE: 0x00000200,
  ALLOW_NAMESPACE_CACHING: 0x00000400,
  ACCESS_BASED_DIRECTORY_ENUM: 0x00000800,
  FORCE_LEVELII_OPLOCK: 0x00001000,
  ENABLE_HASH_V1: 0x00002000,
  ENABLE_HASH_V2: 0x00004000,
  ENCRYPT_DATA: 0x00008000,
  IDENTITY_REMOTING: 0x00040000,
  COMPRESS_DATA: 0x00100000,
} as const;

/** MS-SMB2 2.2.10 Capabilities (of a share) */
export const ShareCapabilities = {
  DFS: 0x00000008,
  CONTINUOUS_AVAILABILITY: 0x00000010,
  SCALEOUT: 0x00000020,
  CLUSTER: 0x00000040,
  ASYMMETRIC: 0x00000080,
  REDIRECT_TO_OWNER: 0x00000100,
} as const;

/** MS-SMB2 2.2.13 RequestedOplockLevel */
export const OplockLevel = {
  NONE: 0x00,
  II: 0x01,
  EXCLUSIVE: 0x08,
  BATCH: 0x09,
  LEASE: 0xff,
} as const;

/** MS-SMB2 2.2.13 ImpersonationLevel */
export const ImpersonationLevel = {
  Anonymous: 0,
  Identification: 1,
  Impersonation: 2,
  Delegate: 3,
} as const;

/** MS-SMB2 2.2.13 ShareAccess */
export const ShareAccess = {
  READ: 0x00000001,
  WRITE: 0x00000002,
  DELETE: 0x00000004,
} as const;

/** MS-SMB2 2.2.13 CreateDisposition */
export const CreateDisposition = {
  SUPERSEDE: 0,
  OPEN: 1,
  CREATE: 2,
  OPEN_IF: 3,
  OVERWRITE: 4,
  OVERWRITE_IF: 5,
} as const;

/** MS-SMB2 2.2.13 CreateOptions */
export const CreateOptions = {
  DIRECTORY_FILE: 0x00000001,
  WRITE_THROUGH: 0x00000002,
  SEQUENTIAL_ONLY: 0x00000004,
  NO_INTERMEDIATE_BUFFERING: 0x00000008,
  SYNCHRONOUS_IO_ALERT: 0x00000010,
  SYNCHRONOUS_IO_NONALERT: 0x00000020,
  NON_DIRECTORY_FILE: 0x00000040,
  COMPLETE_IF_OPLOCKED: 0x00000100,
  NO_EA_KNOWLEDGE: 0x00000200,
  RANDOM_ACCESS: 0x00000800,
  DELETE_ON_CLOSE: 0x00001000,
  OPEN_BY_FILE_ID: 0x00002000,
  OPEN_FOR_BACKUP_INTENT: 0x00004000,
  NO_COMPRESSION: 0x00008000,
  OPEN_REMOTE_INSTANCE: 0x00000400,
  OPEN_REQUIRING_OPLOCK: 0x00010000,
  DISALLOW_EXCLUSIVE: 0x00020000,
  RESERVE_OPFILTER: 0x00100000,
  OPEN_REPARSE_POINT: 0x00200000,
  OPEN_NO_RECALL: 0x00400000,
  OPEN_FOR_FREE_SPACE_QUERY: 0x00800000,
} as const;

/** MS-SMB2 2.2.14 CreateAction */
export const CreateAction = {
  SUPERSEDED: 0,
  OPENED: 1,
  CREATED: 2,
  OVERWRITTEN: 3,
} as const;

/** MS-SMB2 2.2.13.1.1 File_Pipe_Printer_Access_Mask and 2.2.13.1.2 Directory_Access_Mask */
export const AccessMask = {
  FILE_READ_DATA: 0x00000001,
  FILE_LIST_DIRECTORY: 0x00000001,
  FILE_WRITE_DATA: 0x00000002,
  FILE_ADD_FILE: 0x00000002,
  FILE_APPEND_DATA: 0x00000004,
  FILE_ADD_SUBDIRECTORY: 0x00000004,
  FILE_READ_EA: 0x00000008,
  FILE_WRITE_EA: 0x00000010,
  FILE_EXECUTE: 0x00000020,
  FILE_TRAVERSE: 0x00000020,
  FILE_DELETE_CHILD: 0x00000040,
  FILE_READ_ATTRIBUTES: 0x00000080,
  FILE_WRITE_ATTRIBUTES: 0x00000100,
  DELETE: 0x00010000,
  READ_CONTROL: 0x00020000,
  WRITE_DAC: 0x00040000,
  WRITE_OWNER: 0x00080000,
  SYNCHRONIZE: 0x00100000,
  ACCESS_SYSTEM_SECURITY: 0x01000000,
  MAXIMUM_ALLOWED: 0x02000000,
  GENERIC_ALL: 0x10000000,
  GENERIC_EXECUTE: 0x20000000,
  GENERIC_WRITE: 0x40000000,
  GENERIC_READ: 0x80000000,
} as const;

/** MS-FSCC 2.6 File Attributes */
export const FileAttributes = {
  READONLY: 0x00000001,
  HIDDEN: 0x00000002,
  SYSTEM: 0x00000004,
  DIRECTORY: 0x00000010,
  ARCHIVE: 0x00000020,
  NORMAL: 0x00000080,
  TEMPORARY: 0x00000100,
  SPARSE_FILE: 0x00000200,
  REPARSE_POINT: 0x00000400,
  COMPRESSED: 0x00000800,
  OFFLINE: 0x00001000,
  NOT_CONTENT_INDEXED: 0x00002000,
  ENCRYPTED: 0x00004000,
  INTEGRITY_STREAM: 0x00008000,
  NO_SCRUB_DATA: 0x00020000,
} as const;

/** MS-SMB2 2.2.11 / 2.2.12: CLOSE Flags */
export const CloseFlags = { POSTQUERY_ATTRIB: 0x0001 } as const;

/** MS-SMB2 2.2.19 READ Flags and Channel */
export const ReadFlags = { READ_UNBUFFERED: 0x01, REQUEST_COMPRESSED: 0x02 } as const;
export const Channel = {
  NONE: 0,
  RDMA_V1: 1,
  RDMA_V1_INVALIDATE: 2,
  RDMA_TRANSFORM: 3,
} as const;

/** MS-SMB2 2.2.21 WRITE Flags */
export const WriteFlags = { WRITE_THROUGH: 0x00000001, WRITE_UNBUFFERED: 0x00000002 } as const;

/** MS-SMB2 2.2.31 IOCTL Flags */
export const IoctlFlags = { IS_FSCTL: 0x00000001 } as const;

/** MS-SMB2 2.2.33 QUERY_DIRECTORY Flags */
export const QueryDirectoryFlags = {
  RESTART_SCANS: 0x01,
  RETURN_SINGLE_ENTRY: 0x02,
  INDEX_SPECIFIED: 0x04,
  REOPEN: 0x10,
} as const;

/** MS-SMB2 2.2.37 InfoType */
export const InfoType = {
  FILE: 0x01,
  FILESYSTEM: 0x02,
  SECURITY: 0x03,
  QUOTA: 0x04,
} as const;

/** MS-SMB2 2.2.26 LOCK element Flags */
export const LockFlags = {
  SHARED_LOCK: 0x00000001,
  EXCLUSIVE_LOCK: 0x00000002,
  UNLOCK: 0x00000004,
  FAIL_IMMEDIATELY: 0x00000010,
} as const;

/** MS-SMB2 2.2.35 CHANGE_NOTIFY Flags */
export const ChangeNotifyFlags = { WATCH_TREE: 0x0001 } as const;

/** MS-SMB2 2.2.41 transform header Flags */
export const TransformFlags = { ENCRYPTED: 0x0001 } as const;

/** MS-SMB2 2.2.1: ProtocolId values in the first four bytes of a message. */
export const ProtocolId = {
  SMB1: 0x424d53ff, // 0xFF 'S' 'M' 'B' read little-endian
  SMB2: 0x424d53fe, // 0xFE 'S' 'M' 'B'
  TRANSFORM: 0x424d53fd, // 0xFD 'S' 'M' 'B'
  COMPRESSION: 0x424d53fc, // 0xFC 'S' 'M' 'B'
} as const;

export const SMB2_HEADER_SIZE = 64;
