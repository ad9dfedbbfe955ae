// Direct TCP transport (MS-SMB2 2.1, port 445).

import net from 'node:net';
import { FrameDecoder, directTcpHeader } from './framing.ts';
import type { FrameBuffers, TransportConnection, TransportListener } from './types.ts';

export interface TcpListenerOptions {
  host: string;
  port: number;
  maxFrameSize: number;
  /** Where frames that arrive in pieces are reassembled; by default a fresh buffer each. */
  frameBuffers?: FrameBuffers;
}

const noRelease = (): void => {};

class TcpConnection implements TransportConnection {
  readonly remoteAddress: string;
  readonly localAddress: string;
  private readonly socket: net.Socket;
  private readonly decoder: FrameDecoder;
  private frameHandler: (frame: Buffer, release: () => void) => void = () => {};
  private closeHandler: (error?: Error) => void = () => {};
  private pausedByServer = false;
  private pausedByBackpressure = false;

  constructor(socket: net.Socket, maxFrameSize: number, frameBuffers: FrameBuffers | undefined) {
    this.socket = socket;
    this.decoder = new FrameDecoder(maxFrameSize, frameBuffers);
    this.remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    this.localAddress = `${socket.localAddress}:${socket.localPort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = this.decoder.push(chunk);
      } catch (error) {
        this.destroy(error as Error);
        return;
      }
      for (const frame of frames) this.frameHandler(frame, frameBuffers ? () => frameBuffers.release(frame) : noRelease);
    });
    // Backpressure: while the peer is not reading our responses, stop reading its requests.
    socket.on('drain', () => {
      this.pausedByBackpressure = false;
      this.updateFlow();
    });
    let closeError: Error | undefined;
    socket.on('error', (error) => {
      closeError = error;
    });
    socket.on('close', () => this.closeHandler(closeError));
  }

  sendFrame(chunks: readonly Buffer[], onSent?: (error?: Error) => void): void {
    if (this.socket.destroyed) {
      onSent?.(new Error('connection closed'));
      return;
    }
    let length = 0;
    for (const c of chunks) length += c.length;
    const sent = onSent && ((error?: Error | null) => onSent(error ?? undefined));
    this.socket.cork();
    // Write callbacks run in order, so the one on the frame's last piece means all of it is out; if the
    // socket is destroyed first, the pending callbacks get the error once the socket has let go of them.
    let accepted = this.socket.write(directTcpHeader(length), chunks.length === 0 ? sent : undefined);
    for (let i = 0; i < chunks.length; i++) accepted = this.socket.write(chunks[i]!, i === chunks.length - 1 ? sent : undefined);
    this.socket.uncork();
    if (!accepted) {
      this.pausedByBackpressure = true;
      this.updateFlow();
    }
  }

  destroy(reason?: Error): void {
    this.socket.destroy(reason);
  }

  pause(): void {
    this.pausedByServer = true;
    this.updateFlow();
  }

  resume(): void {
    this.pausedByServer = false;
    this.updateFlow();
  }

  private updateFlow(): void {
    if (this.pausedByServer || this.pausedByBackpressure) this.socket.pause();
    else this.socket.resume();
  }

  onFrame(handler: (frame: Buffer, release: () => void) => void): void {
    this.frameHandler = handler;
  }

  onClose(handler: (error?: Error) => void): void {
    this.closeHandler = handler;
  }
}

export class TcpListener implements TransportListener {
  private readonly options: TcpListenerOptions;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private connectionHandler: (c: TransportConnection) => void = () => {};

  constructor(options: TcpListenerOptions) {
    this.options = options;
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      this.connectionHandler(new TcpConnection(socket, options.maxFrameSize, options.frameBuffers));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  address(): { host: string; port: number } {
    const a = this.server.address();
    if (a && typeof a === 'object') return { host: a.address, port: a.port };
    return { host: this.options.host, port: this.options.port };
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  onConnection(handler: (c: TransportConnection) => void): void {
    this.connectionHandler = handler;
  }
}

