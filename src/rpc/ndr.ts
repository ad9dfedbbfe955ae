// NDR 2.0 (C706 chapter 14), little-endian, ASCII, IEEE — the only data representation MS-RPCE clients
// use over SMB named pipes. Alignment is relative to the start of the stub, which the PDU layer keeps
// 8-aligned.
//
// Pointer deferral (C706 14.3.12.3): a constructed type is written as its flat part first; the pointees
// of its embedded pointers follow in order, each one complete (its own deferred pointees right after
// it). `constructed()` opens one such scope; every top-level parameter is one scope as well, which is
// how a top-level unique pointer's pointee ends up right after its referent id.

/** Malformed or truncated NDR data. The RPC layer answers it with the fault nca_s_fault_ndr. */
export class NdrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NdrError';
  }
}

type Deferred = () => void;

/** First referent id, then steps of 4 — what MIDL-generated stubs emit; any unique non-zero value is valid. */
const FIRST_REFERENT_ID = 0x00020000;

export class NdrWriter {
  #buf: Buffer;
  #length = 0;
  #frames: Deferred[][] = [];
  #nextReferentId = FIRST_REFERENT_ID;
  #fullPointerIds = new Map<object, number>();

  constructor(initialSize = 256) {
    this.#buf = Buffer.alloc(initialSize);
  }

  get length(): number {
    return this.#length;
  }

  /** The bytes written so far (a copy). */
  toBuffer(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#length));
  }

  /** Makes room for n bytes and returns their offset. It may replace #buf: take the offset first. */
  #reserve(n: number): number {
    const at = this.#length;
    if (at + n > this.#buf.length) {
      const grown = Buffer.alloc(Math.max(this.#buf.length * 2, at + n));
      this.#buf.copy(grown, 0, 0, at);
      this.#buf = grown;
    }
    this.#length = at + n;
    return at;
  }

  align(n: number): void {
    const pad = (n - (this.#length % n)) % n;
    const at = this.#reserve(pad);
    this.#buf.fill(0, at, at + pad);
  }

  u8(v: number): void {
    const at = this.#reserve(1);
    this.#buf.writeUInt8(v, at);
  }

  u16(v: number): void {
    this.align(2);
    const at = this.#reserve(2);
    this.#buf.writeUInt16LE(v, at);
  }

  u32(v: number): void {
    this.align(4);
    const at = this.#reserve(4);
    this.#buf.writeUInt32LE(v >>> 0, at);
  }

  hyper(v: bigint): void {
    this.align(8);
    const at = this.#reserve(8);
    this.#buf.writeBigUInt64LE(v, at);
  }

  bytes(b: Uint8Array): void {
    const at = this.#reserve(b.length);
    this.#buf.set(b, at);
  }

  /** Writes the flat part via `scalars`, then every pointee it deferred. */
  constructed(scalars: () => void): void {
    const frame: Deferred[] = [];
    this.#frames.push(frame);
    try {
      scalars();
    } finally {
      this.#frames.pop();
    }
    for (const pointee of frame) this.constructed(pointee);
  }

  #defer(fn: Deferred): void {
    const frame = this.#frames.at(-1);
    if (!frame) throw new Error('NDR pointer written outside constructed()');
    frame.push(fn);
  }

  /** [unique] pointer: referent id 0 for null, otherwise a fresh id and the pointee deferred. */
  uniquePointer<T>(value: T | null | undefined, pointee: (v: T) => void): void {
    if (value === null || value === undefined) {
      this.u32(0);
      return;
    }
    this.u32(this.#takeReferentId());
    this.#defer(() => pointee(value));
  }

  /** [ptr] (full) pointer: the same object always gets the same referent id and is written once. */
  fullPointer<T extends object>(value: T | null | undefined, pointee: (v: T) => void): void {
    if (value === null || value === undefined) {
      this.u32(0);
      return;
    }
    const known = this.#fullPointerIds.get(value);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const id = this.#takeReferentId();
    this.#fullPointerIds.set(value, id);
    this.u32(id);
    this.#defer(() => pointee(value));
  }

  #takeReferentId(): number {
    const id = this.#nextReferentId;
    this.#nextReferentId += 4;
    return id;
  }

  /** The pointee of a [string] wchar_t*: conformant varying array of UTF-16 units including the NUL. */
  wstring(s: string): void {
    const count = s.length + 1;
    this.u32(count); // maximum_count
    this.u32(0); // offset
    this.u32(count); // actual_count
    const at = this.#reserve(count * 2);
    this.#buf.write(s, at, 'utf16le');
    this.#buf.writeUInt16LE(0, at + s.length * 2);
  }

  /** Conformant array (maximum_count, then the elements); elements' pointees land in the current scope. */
  conformantArray<T>(items: readonly T[], element: (item: T) => void): void {
    this.u32(items.length);
    for (const item of items) element(item);
  }
}

export class NdrReader {
  readonly #buf: Buffer;
  #offset = 0;
  #frames: Deferred[][] = [];
  #fullPointees = new Map<number, { value: unknown }>();

  constructor(buf: Buffer) {
    this.#buf = buf;
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#buf.length - this.#offset;
  }

  #take(n: number): number {
    if (n > this.remaining) {
      throw new NdrError(`NDR data truncated: need ${n} bytes at offset ${this.#offset}, ${this.remaining} left`);
    }
    const at = this.#offset;
    this.#offset += n;
    return at;
  }

  align(n: number): void {
    this.#take((n - (this.#offset % n)) % n);
  }

  u8(): number {
    return this.#buf.readUInt8(this.#take(1));
  }

  u16(): number {
    this.align(2);
    return this.#buf.readUInt16LE(this.#take(2));
  }

  u32(): number {
    this.align(4);
    return this.#buf.readUInt32LE(this.#take(4));
  }

  hyper(): bigint {
    this.align(8);
    return this.#buf.readBigUInt64LE(this.#take(8));
  }

  /** A view of the next n bytes. */
  bytes(n: number): Buffer {
    const at = this.#take(n);
    return this.#buf.subarray(at, at + n);
  }

  /** Reads the flat part via `scalars`, then every pointee it deferred; returns what `scalars` returned. */
  constructed<T>(scalars: () => T): T {
    const frame: Deferred[] = [];
    this.#frames.push(frame);
    let result: T;
    try {
      result = scalars();
    } finally {
      this.#frames.pop();
    }
    for (const pointee of frame) this.constructed(pointee);
    return result;
  }

  #defer(fn: Deferred): void {
    const frame = this.#frames.at(-1);
    if (!frame) throw new Error('NDR pointer read outside constructed()');
    frame.push(fn);
  }

  /**
   * [unique] pointer. Returns false for a null pointer; otherwise the pointee is read where NDR defers
   * it and handed to `assign` then (before the enclosing `constructed()` returns).
   */
  uniquePointer<T>(pointee: () => T, assign: (v: T) => void): boolean {
    if (this.u32() === 0) return false;
    this.#defer(() => assign(pointee()));
    return true;
  }

  /** [ptr] (full) pointer: a referent id seen before aliases the value already read for it. */
  fullPointer<T>(pointee: () => T, assign: (v: T) => void): boolean {
    const id = this.u32();
    if (id === 0) return false;
    const known = this.#fullPointees.get(id);
    if (known) {
      // The first occurrence's pointee precedes this one in marshalling order, so by the time this
      // scope's deferred work runs it has been read.
      this.#defer(() => assign(known.value as T));
      return true;
    }
    const slot = { value: undefined as unknown };
    this.#fullPointees.set(id, slot);
    this.#defer(() => {
      slot.value = pointee();
      assign(slot.value as T);
    });
    return true;
  }

  /** The pointee of a [string] wchar_t*: offset 0, actual_count <= maximum_count, NUL-terminated. */
  wstring(): string {
    const maxCount = this.u32();
    const offset = this.u32();
    const actualCount = this.u32();
    if (offset !== 0) throw new NdrError(`NDR string offset ${offset} is not 0`);
    if (actualCount > maxCount) throw new NdrError(`NDR string actual_count ${actualCount} > maximum_count ${maxCount}`);
    if (actualCount === 0) throw new NdrError('NDR [string] without its terminating NUL');
    const units = this.bytes(actualCount * 2);
    if (units.readUInt16LE(units.length - 2) !== 0) throw new NdrError('NDR [string] without its terminating NUL');
    return units.toString('utf16le', 0, units.length - 2);
  }

  /**
   * Conformant array. `minElementSize` (wire bytes of one element's flat part) bounds maximum_count by the
   * bytes left, so a forged count cannot make the reader allocate or loop beyond the input.
   */
  conformantArray<T>(minElementSize: number, element: () => T): T[] {
    const count = this.u32();
    if (count * Math.max(1, minElementSize) > this.remaining) {
      throw new NdrError(`NDR array of ${count} elements does not fit in ${this.remaining} bytes`);
    }
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(element());
    return items;
  }
}
