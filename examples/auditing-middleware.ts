// Driver middleware: an IOS driver that wraps another and records every call with who made it (the session's
// user and the client's address, from the ClientContext), what it named and how it ended. Wrap any driver
// before handing it to createServer:
//
//   const driver = new AuditingDriver(await PosixDriver.open({ root: '/srv/data' }), (event) => log.info(event));
//
// A wrapper forwards the capabilities unchanged and has each optional hook (link, listStreams, copyRange, …)
// exactly when the wrapped driver or handle has it: the server offers features by whether a hook exists.

import { DriverError } from '../src/index.ts';
import type {
  BasicInfoChange,
  ByteRange,
  ClientContext,
  CreateResult,
  DirectoryEntry,
  DriverCapabilities,
  DriverHandle,
  ExtendedAttribute,
  FileStat,
  FsStat,
  OpenOptions,
  ShareDriver,
  StreamInfo,
} from '../src/index.ts';

export interface AuditEvent {
  /** The driver or handle method, e.g. "open", "handle.write". */
  operation: string;
  user: string;
  domain: string;
  clientAddress: string;
  share: string;
  /** The path the call names (for a handle call: where its object is when the call starts). */
  path: string;
  /** The named stream, for calls on or about one. */
  stream?: string;
  /** "ok", or the DriverError code the call failed with ("error" for anything that is not a DriverError). */
  outcome: string;
  milliseconds: number;
}

export type AuditSink = (event: AuditEvent) => void;

type Path = readonly string[];

/** Times one call and reports it; `quiet` calls (the data path) are reported only when they fail. */
async function audited<T>(sink: AuditSink, ctx: ClientContext, operation: string, path: Path, stream: string | undefined, call: () => Promise<T>, quiet = false): Promise<T> {
  const started = performance.now();
  const report = (outcome: string) => {
    sink({
      operation,
      user: ctx.identity.user,
      domain: ctx.identity.domain,
      clientAddress: ctx.clientAddress,
      share: ctx.shareName,
      path: `/${path.join('/')}`,
      ...(stream ? { stream } : {}),
      outcome,
      milliseconds: Math.round((performance.now() - started) * 1000) / 1000,
    });
  };
  try {
    const result = await call();
    if (!quiet) report('ok');
    return result;
  } catch (error) {
    report(error instanceof DriverError ? error.code : 'error');
    throw error;
  }
}

export class AuditingDriver implements ShareDriver {
  readonly link?: ShareDriver['link'];
  readonly dispose?: ShareDriver['dispose'];
  readonly #inner: ShareDriver;
  readonly #sink: AuditSink;

  constructor(inner: ShareDriver, sink: AuditSink) {
    this.#inner = inner;
    this.#sink = sink;
    if (inner.link) {
      this.link = (ctx, existing, newPath, replace) =>
        audited(sink, ctx, 'link', existing, undefined, () => inner.link!(ctx, existing, newPath, replace));
    }
    if (inner.dispose) this.dispose = () => inner.dispose!();
  }

  get capabilities(): DriverCapabilities {
    return this.#inner.capabilities;
  }

  async open(ctx: ClientContext, path: Path, options: OpenOptions): Promise<{ handle: DriverHandle; result: CreateResult }> {
    const opened = await audited(this.#sink, ctx, 'open', path, options.stream, () => this.#inner.open(ctx, path, options));
    return { ...opened, handle: new AuditingHandle(opened.handle, this.#sink) };
  }

  lookup(ctx: ClientContext, path: Path): Promise<FileStat | undefined> {
    return audited(this.#sink, ctx, 'lookup', path, undefined, () => this.#inner.lookup(ctx, path));
  }

  rename(ctx: ClientContext, from: Path, to: Path, replaceIfExists: boolean): Promise<void> {
    return audited(this.#sink, ctx, 'rename', from, undefined, () => this.#inner.rename(ctx, from, to, replaceIfExists));
  }

  unlink(ctx: ClientContext, path: Path, stream?: string): Promise<void> {
    return audited(this.#sink, ctx, 'unlink', path, stream, () => this.#inner.unlink(ctx, path, stream));
  }

  statfs(ctx: ClientContext): Promise<FsStat> {
    return audited(this.#sink, ctx, 'statfs', [], undefined, () => this.#inner.statfs(ctx));
  }
}

class AuditingHandle implements DriverHandle {
  readonly listStreams?: (ctx: ClientContext) => Promise<StreamInfo[]>;
  readonly getExtendedAttributes?: (ctx: ClientContext) => Promise<ExtendedAttribute[]>;
  readonly setExtendedAttributes?: (ctx: ClientContext, eas: readonly ExtendedAttribute[]) => Promise<void>;
  readonly getSecurityDescriptor?: (ctx: ClientContext) => Promise<Buffer | undefined>;
  readonly setSecurityDescriptor?: (ctx: ClientContext, descriptor: Buffer) => Promise<void>;
  readonly setSparse?: (ctx: ClientContext, sparse: boolean) => Promise<void>;
  readonly zeroRange?: (ctx: ClientContext, range: ByteRange) => Promise<void>;
  readonly allocatedRanges?: (ctx: ClientContext, range: ByteRange) => Promise<ByteRange[]>;
  readonly copyRange?: (ctx: ClientContext, source: DriverHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint) => Promise<bigint>;
  readonly cloneRange?: (ctx: ClientContext, source: DriverHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint) => Promise<void>;
  readonly listNames?: (ctx: ClientContext) => AsyncIterableIterator<string>;
  readonly #inner: DriverHandle;
  readonly #sink: AuditSink;

  constructor(inner: DriverHandle, sink: AuditSink) {
    this.#inner = inner;
    this.#sink = sink;
    const run = <T>(ctx: ClientContext, operation: string, call: () => Promise<T>) => this.#run(ctx, operation, call);
    if (inner.listStreams) this.listStreams = (ctx) => run(ctx, 'listStreams', () => inner.listStreams!(ctx));
    if (inner.getExtendedAttributes) this.getExtendedAttributes = (ctx) => run(ctx, 'getExtendedAttributes', () => inner.getExtendedAttributes!(ctx));
    if (inner.setExtendedAttributes) this.setExtendedAttributes = (ctx, eas) => run(ctx, 'setExtendedAttributes', () => inner.setExtendedAttributes!(ctx, eas));
    if (inner.getSecurityDescriptor) this.getSecurityDescriptor = (ctx) => run(ctx, 'getSecurityDescriptor', () => inner.getSecurityDescriptor!(ctx));
    if (inner.setSecurityDescriptor) this.setSecurityDescriptor = (ctx, sd) => run(ctx, 'setSecurityDescriptor', () => inner.setSecurityDescriptor!(ctx, sd));
    if (inner.setSparse) this.setSparse = (ctx, sparse) => run(ctx, 'setSparse', () => inner.setSparse!(ctx, sparse));
    if (inner.zeroRange) this.zeroRange = (ctx, range) => run(ctx, 'zeroRange', () => inner.zeroRange!(ctx, range));
    if (inner.allocatedRanges) this.allocatedRanges = (ctx, range) => run(ctx, 'allocatedRanges', () => inner.allocatedRanges!(ctx, range));
    // Copies and clones hand the inner driver the handle this one wraps: drivers only accept their own handles
    // as sources (anything else is refused with not-supported).
    if (inner.copyRange) this.copyRange = (ctx, source, from, to, length) => run(ctx, 'copyRange', () => inner.copyRange!(ctx, AuditingHandle.unwrap(source), from, to, length));
    if (inner.cloneRange) this.cloneRange = (ctx, source, from, to, length) => run(ctx, 'cloneRange', () => inner.cloneRange!(ctx, AuditingHandle.unwrap(source), from, to, length));
    if (inner.listNames) {
      this.listNames = (ctx) => {
        void run(ctx, 'listNames', async () => undefined);
        return inner.listNames!(ctx);
      };
    }
  }

  /** The handle an AuditingHandle wraps; any other handle as it is (a brand check: proxies of one are not it). */
  static unwrap(handle: DriverHandle): DriverHandle {
    return #inner in handle ? handle.#inner : handle;
  }

  get path(): Path {
    return this.#inner.path;
  }

  get stream(): string | undefined {
    return this.#inner.stream;
  }

  stat(ctx: ClientContext): Promise<FileStat> {
    return this.#run(ctx, 'stat', () => this.#inner.stat(ctx), true);
  }

  read(ctx: ClientContext, into: Buffer, offset: bigint): Promise<number> {
    return this.#run(ctx, 'read', () => this.#inner.read(ctx, into, offset), true);
  }

  write(ctx: ClientContext, data: Buffer, offset: bigint): Promise<number> {
    return this.#run(ctx, 'write', () => this.#inner.write(ctx, data, offset), true);
  }

  flush(ctx: ClientContext): Promise<void> {
    return this.#run(ctx, 'flush', () => this.#inner.flush(ctx));
  }

  setEndOfFile(ctx: ClientContext, size: bigint): Promise<void> {
    return this.#run(ctx, 'setEndOfFile', () => this.#inner.setEndOfFile(ctx, size));
  }

  setBasicInfo(ctx: ClientContext, change: BasicInfoChange): Promise<void> {
    return this.#run(ctx, 'setBasicInfo', () => this.#inner.setBasicInfo(ctx, change));
  }

  /** A scan is recorded when it starts (a failure shows when the entries are read); entries stream through unchanged. */
  enumerate(ctx: ClientContext): AsyncIterableIterator<DirectoryEntry> {
    void this.#run(ctx, 'enumerate', async () => undefined);
    return this.#inner.enumerate(ctx);
  }

  close(ctx: ClientContext): Promise<void> {
    return this.#run(ctx, 'close', () => this.#inner.close(ctx));
  }

  #run<T>(ctx: ClientContext, operation: string, call: () => Promise<T>, quiet = false): Promise<T> {
    return audited(this.#sink, ctx, `handle.${operation}`, this.#inner.path, this.#inner.stream || undefined, call, quiet);
  }
}
