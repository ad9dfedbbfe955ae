// MS-SMB2 3.3.1.5 Global: the tables every connection shares.

import { randomBytes } from 'node:crypto';
import type { ResolvedServerOptions } from '../options.ts';
import type { Open } from './open.ts';
import type { Session } from './session.ts';
import type { Share } from './share.ts';
import type { Connection } from './connection.ts';
import { SharedObject } from './shared-object.ts';
import { LocalLeaseService } from '../leases/local-service.ts';
import { smb2BreakNotifier, type NotificationSender } from '../leases/notifier.ts';
import type { LeaseService } from '../leases/types.ts';

export class ServerState {
  readonly options: ResolvedServerOptions;
  readonly shares: ReadonlyMap<string, Share>;
  /** GlobalSessionTable, by SessionId. */
  readonly sessions = new Map<bigint, Session>();
  /** GlobalOpenTable, by volatile FileId (persistent ids are checked against the entry). */
  readonly opens = new Map<bigint, Open>();
  readonly connections = new Set<Connection>();
  /** The objects that have opens, by share and file id. */
  readonly objects = new Map<string, SharedObject>();
  readonly startTime = new Date();
  /**
   * Objects whose last open closed with a delete pending, until the driver has removed them: a CREATE that
   * found one waits, so it never opens what is about to vanish (../state/object-release.ts).
   */
  readonly deletesUnderWay = new Map<string, Promise<void>>();
  /** Opens made with DH2Q, by ClientGuid and CreateGuid (../durable/replay.ts). */
  readonly opensByCreateGuid = new Map<string, Open>();
  /** CREATEs with DH2Q still under way, by ClientGuid and CreateGuid (../durable/replay.ts). */
  readonly createsUnderWay = new Set<string>();
  /** Sends the messages the server starts itself (oplock and lease breaks); the dispatcher installs itself here. */
  notifier: NotificationSender = { sendNotification: () => undefined };
  /** Oplocks and leases (MS-SMB2 3.3.1.4 GlobalLeaseTableList and the break rules). */
  readonly leases: LeaseService = new LocalLeaseService({ notifier: smb2BreakNotifier(this) });
  private nextVolatileId = BigInt(randomBytes(2).readUInt16LE(0)) + 1n;
  private nextSessionSequence = 1n;
  private readonly sessionIdPrefix = BigInt(randomBytes(2).readUInt16LE(0) | 1) << 48n;

  constructor(options: ResolvedServerOptions, shares: Share[]) {
    this.options = options;
    this.shares = new Map(shares.map((s) => [s.name.toLowerCase(), s]));
  }

  /** The shared state of an object (a named stream's when `stream` is not ''), created with its first open. */
  objectFor(share: Share, fileId: bigint, stream = ''): SharedObject {
    const key = SharedObject.keyOf(share, fileId);
    let object = this.objects.get(key);
    if (!object) {
      object = new SharedObject(share, fileId);
      this.objects.set(key, object);
    }
    if (stream === '') return object;
    const streamKey = SharedObject.streamKey(stream);
    let streamObject = object.streams.get(streamKey);
    if (!streamObject) {
      streamObject = new SharedObject(share, fileId, stream, object);
      object.streams.set(streamKey, streamObject);
    }
    return streamObject;
  }

  /** The shared state of an object that has opens (or a stream with opens), without creating it. */
  findObject(share: Share, fileId: bigint, stream = ''): SharedObject | undefined {
    const object = this.objects.get(SharedObject.keyOf(share, fileId));
    return stream === '' ? object : object?.streams.get(SharedObject.streamKey(stream));
  }

  findShare(name: string): Share | undefined {
    return this.shares.get(name.toLowerCase());
  }

  /** SessionIds are unique, nonzero and not guessable by counting from another client's id. */
  allocateSessionId(): bigint {
    let id: bigint;
    do {
      id = this.sessionIdPrefix | (this.nextSessionSequence++ << 16n) | BigInt(randomBytes(2).readUInt16LE(0));
    } while (this.sessions.has(id) || id === 0n || id === 0xffffffffffffffffn);
    return id;
  }

  allocateVolatileFileId(): bigint {
    while (this.opens.has(this.nextVolatileId) || this.nextVolatileId === 0xffffffffffffffffn) this.nextVolatileId++;
    return this.nextVolatileId++;
  }
}
