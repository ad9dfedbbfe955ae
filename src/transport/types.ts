// What the server needs from a transport: a stream of whole SMB2 frames in, frames out. TCP is the
// first implementation; QUIC and RDMA plug in behind the same interface.

/**
 * Where a transport takes the buffers it reassembles large frames in, and where they go back once the
 * server is done with a frame (a BufferPool).
 */
export interface FrameBuffers {
  acquire(size: number): Buffer;
  /** Ignores buffers it did not hand out. */
  release(buffer: Buffer): void;
}

export interface TransportConnection {
  /** "127.0.0.1:51234" for logs; also passed to drivers in the client context. */
  readonly remoteAddress: string;
  readonly localAddress: string;
  /**
   * Sends one frame made of chunks, without copying them into one buffer. `onSent` runs once the
   * transport no longer holds the chunks: after they were written, or when the connection is gone
   * (with the error), so their memory can be reused.
   */
  sendFrame(chunks: readonly Buffer[], onSent?: (error?: Error) => void): void;
  /** Drops the connection; pending frames are discarded. */
  destroy(reason?: Error): void;
  /** Stops delivering frames until resume() (flow control while the server is saturated). */
  pause(): void;
  resume(): void;
  /**
   * Delivers each frame, a view of received data or of a reassembly buffer. `release` lets the frame's
   * memory be reused: call it once nothing refers to the frame or any view of it, or never.
   */
  onFrame(handler: (frame: Buffer, release: () => void) => void): void;
  onClose(handler: (error?: Error) => void): void;
}

export interface TransportListener {
  listen(): Promise<void>;
  /** Bound address after listen(), e.g. { host: '127.0.0.1', port: 4455 }. */
  address(): { host: string; port: number };
  close(): Promise<void>;
  onConnection(handler: (connection: TransportConnection) => void): void;
}
