// MS-FSCC 2.3.83 FILE_SET_SPARSE_BUFFER: the optional one-byte input of FSCTL_SET_SPARSE.

/**
 * SetSparse, a BOOLEAN: any nonzero byte is TRUE. Without the buffer the request means TRUE (MS-FSA 2.1.5.10.38);
 * bytes past the first are ignored, as Windows ignores them (smbtorture smb2.ioctl.sparse_set_oversize).
 */
export function decodeFileSetSparseBuffer(input: Buffer): boolean {
  return input.length === 0 || input[0] !== 0;
}

export function encodeFileSetSparseBuffer(setSparse: boolean): Buffer {
  return Buffer.from([setSparse ? 1 : 0]);
}
