// 128-bit file IDs (MS-FSCC 2.1.9). Our drivers hand out 64-bit IDs; the 128-bit form puts the 64-bit ID in
// the low half and, when one is known, the volume serial number in the high half, so that IDs stay unique
// across shares backed by different volumes. Every 128-bit field (FileIdInformation, the *Extd* directory
// classes) goes through fileId128() so that a client comparing them sees the same value everywhere.

const U64 = (1n << 64n) - 1n;

export function fileId128(fileId: bigint, volumeSerialNumber = 0n): bigint {
  if (fileId < 0n || fileId > U64) throw new RangeError(`fileId out of 64-bit range: ${fileId}`);
  if (volumeSerialNumber < 0n || volumeSerialNumber > U64)
    throw new RangeError(`volumeSerialNumber out of 64-bit range: ${volumeSerialNumber}`);
  return (volumeSerialNumber << 64n) | fileId;
}

/** Writes a FILE_ID_128 (16 bytes, little-endian) at offset. */
export function writeFileId128(buf: Buffer, offset: number, id: bigint): void {
  if (id < 0n || id >> 128n !== 0n) throw new RangeError(`128-bit file ID out of range: ${id}`);
  buf.writeBigUInt64LE(id & U64, offset);
  buf.writeBigUInt64LE(id >> 64n, offset + 8);
}
