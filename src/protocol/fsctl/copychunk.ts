// Server-side copy (MS-SMB2 2.2.31.1 SRV_COPYCHUNK_COPY with its 2.2.31.1.1 SRV_COPYCHUNK entries,
// 2.2.32.1 SRV_COPYCHUNK_RESPONSE, 2.2.32.3 SRV_REQUEST_RESUME_KEY Response).

import { invalidParameter, Reader, Writer } from '../wire.ts';

export const RESUME_KEY_SIZE = 24;
/** MS-SMB2 3.3.5.15.5: OutputCount is 32 — the key, ContextLength (0) and four bytes of unused Context. */
export const SRV_REQUEST_RESUME_KEY_RESPONSE_SIZE = 32;
export const SRV_COPYCHUNK_COPY_HEADER_SIZE = 32;
export const SRV_COPYCHUNK_SIZE = 24;
export const SRV_COPYCHUNK_RESPONSE_SIZE = 12;

export interface SrvRequestResumeKeyResponse {
  resumeKey: Buffer;
  contextLength: number;
}

export function encodeSrvRequestResumeKeyResponse(resumeKey: Buffer): Buffer {
  if (resumeKey.length !== RESUME_KEY_SIZE) throw new RangeError('a resume key is 24 bytes');
  return new Writer(SRV_REQUEST_RESUME_KEY_RESPONSE_SIZE).bytes(resumeKey).u32(0).zeros(4).finish();
}

export function decodeSrvRequestResumeKeyResponse(output: Buffer): SrvRequestResumeKeyResponse {
  const r = new Reader(output);
  return { resumeKey: r.bytes(RESUME_KEY_SIZE, 'ResumeKey'), contextLength: r.u32('ContextLength') };
}

export interface SrvCopychunk {
  sourceOffset: bigint;
  targetOffset: bigint;
  length: number;
}

export interface SrvCopychunkCopy {
  sourceKey: Buffer;
  chunks: SrvCopychunk[];
}

/**
 * Throws STATUS_INVALID_PARAMETER when the input is shorter than its header or than ChunkCount entries, before
 * allocating anything for them (the chunk array is bounded by the input, never by ChunkCount alone).
 */
export function decodeSrvCopychunkCopy(input: Buffer): SrvCopychunkCopy {
  const r = new Reader(input);
  const sourceKey = r.bytes(RESUME_KEY_SIZE, 'SourceKey');
  const chunkCount = r.u32('ChunkCount');
  r.skip(4, 'Reserved');
  if (chunkCount > r.remaining / SRV_COPYCHUNK_SIZE) throw invalidParameter('SRV_COPYCHUNK_COPY: Chunks beyond the input');
  const chunks: SrvCopychunk[] = [];
  for (let i = 0; i < chunkCount; i++) {
    const sourceOffset = r.u64('SourceOffset');
    const targetOffset = r.u64('TargetOffset');
    const length = r.u32('Length');
    r.skip(4, 'Reserved');
    chunks.push({ sourceOffset, targetOffset, length });
  }
  return { sourceKey, chunks };
}

export function encodeSrvCopychunkCopy(v: SrvCopychunkCopy): Buffer {
  const w = new Writer(SRV_COPYCHUNK_COPY_HEADER_SIZE + v.chunks.length * SRV_COPYCHUNK_SIZE).bytes(v.sourceKey).u32(v.chunks.length).u32(0);
  for (const c of v.chunks) w.u64(c.sourceOffset).u64(c.targetOffset).u32(c.length).u32(0);
  return w.finish();
}

/**
 * Counts of a copy; with STATUS_INVALID_PARAMETER the same three fields carry the server's limits instead
 * (chunks per request, bytes per chunk, bytes per request).
 */
export interface SrvCopychunkResponse {
  chunksWritten: number;
  chunkBytesWritten: number;
  totalBytesWritten: number;
}

export function encodeSrvCopychunkResponse(v: SrvCopychunkResponse): Buffer {
  return new Writer(SRV_COPYCHUNK_RESPONSE_SIZE).u32(v.chunksWritten).u32(v.chunkBytesWritten).u32(v.totalBytesWritten).finish();
}

export function decodeSrvCopychunkResponse(output: Buffer): SrvCopychunkResponse {
  const r = new Reader(output);
  return { chunksWritten: r.u32('ChunksWritten'), chunkBytesWritten: r.u32('ChunkBytesWritten'), totalBytesWritten: r.u32('TotalBytesWritten') };
}
