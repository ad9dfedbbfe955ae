// MS-SMB2 2.1: over direct TCP every SMB2 message (or compound chain, or transform) is preceded by a
// 4-byte header: one zero byte and a 24-bit big-endian length (the NetBIOS session message form, which
// is also what port 139 session messages look like).

import { ProtocolViolation } from '../protocol/status.ts';
import type { FrameBuffers } from './types.ts';

export const DIRECT_TCP_HEADER_SIZE = 4;

export function directTcpHeader(length: number): Buffer {
  const h = Buffer.alloc(DIRECT_TCP_HEADER_SIZE);
  h.writeUInt32BE(length, 0);
  return h;
}

/**
 * Reassembles frames from arbitrarily split stream chunks. A frame larger than `maxFrameSize` or a
 * nonzero first header byte is a framing violation: the connection must be dropped (MS-SMB2 3.3.5.1).
 */
export class FrameDecoder {
  private readonly maxFrameSize: number;
  private readonly buffers: FrameBuffers | undefined;
  /** A length header split across chunks, gathered here. */
  private readonly header = Buffer.alloc(DIRECT_TCP_HEADER_SIZE);
  private headerBytes = 0;
  /** Length of the frame being received; -1 while waiting for its header. */
  private expected = -1;
  /** A frame that spans chunks, copied here as its chunks arrive. */
  private partial: Buffer | undefined;
  private partialBytes = 0;

  /** `buffers` supplies the buffers frames that span chunks are reassembled in; by default a fresh one each. */
  constructor(maxFrameSize: number, buffers?: FrameBuffers) {
    this.maxFrameSize = maxFrameSize;
    this.buffers = buffers;
  }

  /** Feeds a chunk; returns the frames it completed (views of the input where no reassembly was needed). */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let data = chunk;
    while (data.length > 0) {
      if (this.expected < 0) {
        if (this.headerBytes === 0 && data.length >= DIRECT_TCP_HEADER_SIZE) {
          this.expected = this.parseLength(data);
          data = data.subarray(DIRECT_TCP_HEADER_SIZE);
        } else {
          const copied = data.copy(this.header, this.headerBytes);
          this.headerBytes += copied;
          data = data.subarray(copied);
          if (this.headerBytes < DIRECT_TCP_HEADER_SIZE) break;
          this.headerBytes = 0;
          this.expected = this.parseLength(this.header);
        }
        if (this.expected === 0) {
          // A zero-length frame carries nothing; NetBIOS keep-alives look like this.
          this.expected = -1;
        }
        continue;
      }
      if (!this.partial) {
        if (data.length >= this.expected) {
          frames.push(data.subarray(0, this.expected));
          data = data.subarray(this.expected);
          this.expected = -1;
          continue;
        }
        // The frame goes on in later chunks. Rather than keeping them all and joining them at the end
        // (holding the frame twice), each is copied into one buffer of the frame's size, already bounded
        // by maxFrameSize, while it is still in cache.
        this.partial = this.buffers ? this.buffers.acquire(this.expected) : Buffer.allocUnsafe(this.expected);
        this.partialBytes = 0;
      }
      const copied = data.copy(this.partial, this.partialBytes);
      this.partialBytes += copied;
      data = data.subarray(copied);
      if (this.partialBytes === this.expected) {
        frames.push(this.partial);
        this.partial = undefined;
        this.expected = -1;
      }
    }
    return frames;
  }

  private parseLength(header: Buffer): number {
    const type = header[0];
    const length = header.readUInt32BE(0) & 0x00ffffff;
    // NetBIOS session keep-alive (0x85) is ignored. RFC 1002 4.3.7 gives it length zero; a keep-alive
    // claiming a body would leave us guessing where the next header starts. Anything else but a session
    // message (0x00) does not belong on an SMB2 transport.
    if (type === 0x85) {
      if (length !== 0) throw new ProtocolViolation(`keep-alive with length ${length}`);
      return 0;
    }
    if (type !== 0) throw new ProtocolViolation(`transport frame type 0x${type!.toString(16)}`);
    if (length > this.maxFrameSize) throw new ProtocolViolation(`frame of ${length} bytes exceeds ${this.maxFrameSize}`);
    return length;
  }
}
