// A TCP client that speaks Direct TCP framing (MS-SMB2 2.1) and nothing more: it writes whatever bytes a
// test gives it and hands back the frames the server sends, so tests can send malformed input.

import net from 'node:net';
import { FrameDecoder, directTcpHeader } from '../../src/transport/framing.ts';

export type Received = Buffer | 'closed' | 'timeout';

export class RawSocket {
  readonly #socket: net.Socket;
  readonly #decoder = new FrameDecoder(16 * 1024 * 1024);
  readonly #frames: Buffer[] = [];
  #waiter: (() => void) | undefined;
  #closed = false;
  /** Set when the server's bytes did not decode as Direct TCP frames. */
  framingError: Error | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const f of this.#decoder.push(chunk)) this.#frames.push(Buffer.from(f));
      } catch (error) {
        this.framingError = error as Error;
        socket.destroy();
      }
      this.#wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  static connect(port: number): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(new RawSocket(socket));
      });
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Writes bytes as they are (no framing added). */
  write(bytes: Buffer): void {
    if (!this.#closed) this.#socket.write(bytes);
  }

  /** Writes one message with its Direct TCP header. */
  sendMessage(message: Buffer): void {
    this.write(Buffer.concat([directTcpHeader(message.length), message]));
  }

  /** The next frame from the server, 'closed' once the server has closed and every frame was read, or 'timeout'. */
  async next(timeoutMs: number): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.#frames.shift();
      if (frame) return frame;
      if (this.#closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#waiter = undefined;
          resolve();
        }, left);
        this.#waiter = () => {
          clearTimeout(timer);
          this.#waiter = undefined;
          resolve();
        };
      });
    }
  }

  /** Stops reading what the server sends, so it backs up in the socket buffers and the server, until resume(). */
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  /** Drops the connection from our side without a FIN handshake. */
  destroy(): void {
    this.#socket.resetAndDestroy();
  }

  /** Closes our side and waits for the close to complete. */
  end(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.end();
      setTimeout(() => this.#socket.destroy(), 1000).unref();
    });
  }

  #wake(): void {
    this.#waiter?.();
  }
}
