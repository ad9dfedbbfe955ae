// MS-SMB2 2.1: over direct TCP every SMB2 message (or compound chain, or transform) is preceded by a
// 4-byte header: one zero byte and a 24-bit big-endian length (the NetBIOS session message form, which
// is also what port 139 session messages look like).

import { ProtocolViolation } from '../protocol/status.ts';

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
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private expected = -1;

  constructor(maxFrameSize: number) {
    this.maxFrameSize = maxFrameSize;
  }

  /** Feeds a chunk; returns the frames it completed (views of the input where no reassembly was needed). */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let data = chunk;
    while (data.length > 0) {
      if (this.expected < 0) {
        const need = DIRECT_TCP_HEADER_SIZE - this.pendingBytes;
        if (this.pendingBytes === 0 && data.length >= DIRECT_TCP_HEADER_SIZE) {
          this.expected = this.parseLength(data);
          data = data.subarray(DIRECT_TCP_HEADER_SIZE);
        } else {
          const take = data.subarray(0, need);
          this.pending.push(take);
          this.pendingBytes += take.length;
          data = data.subarray(take.length);
          if (this.pendingBytes < DIRECT_TCP_HEADER_SIZE) break;
          const header = Buffer.concat(this.pending, DIRECT_TCP_HEADER_SIZE);
          this.pending = [];
          this.pendingBytes = 0;
          this.expected = this.parseLength(header);
        }
        if (this.expected === 0) {
          // A zero-length frame carries nothing; NetBIOS keep-alives look like this.
          this.expected = -1;
        }
        continue;
      }
      const need = this.expected - this.pendingBytes;
      if (this.pendingBytes === 0 && data.length >= need) {
        frames.push(data.subarray(0, need));
        data = data.subarray(need);
        this.expected = -1;
        continue;
      }
      const take = data.subarray(0, need);
      this.pending.push(take);
      this.pendingBytes += take.length;
      data = data.subarray(take.length);
      if (this.pendingBytes === this.expected) {
        frames.push(Buffer.concat(this.pending, this.expected));
        this.pending = [];
        this.pendingBytes = 0;
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
