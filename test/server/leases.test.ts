// The oplock and lease state machines of LocalLeaseService, driven directly: opens are registered by hand,
// breaks are recorded instead of sent, and break timeouts fire from a fake timer source.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AccessMask, OplockLevel, ShareAccess } from '../../src/protocol/constants.ts';
import { LeaseFlags, type LeaseContext } from '../../src/protocol/lease-contexts.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import { H, R, W } from '../../src/server/leases/caching.ts';
import type { Lease } from '../../src/server/leases/lease.ts';
import { LocalLeaseService } from '../../src/server/leases/local-service.ts';
import type { BreakTimers } from '../../src/server/leases/timers.ts';
import type { CachingRequest, OpenIntent } from '../../src/server/leases/types.ts';
import type { Connection } from '../../src/server/state/connection.ts';
import { Open } from '../../src/server/state/open.ts';
import { Session } from '../../src/server/state/session.ts';
import { SharedObject } from '../../src/server/state/shared-object.ts';
import type { Share } from '../../src/server/state/share.ts';
import { TreeConnect } from '../../src/server/state/tree-connect.ts';

class FakeTimers implements BreakTimers {
  now = 0;
  readonly #pending = new Set<{ at: number; fire: () => void }>();
  start(ms: number, fire: () => void): () => void {
    const entry = { at: this.now + ms, fire };
    this.#pending.add(entry);
    return () => this.#pending.delete(entry);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const entry of [...this.#pending]) {
      if (entry.at <= this.now) {
        this.#pending.delete(entry);
        entry.fire();
      }
    }
  }
}

type Sent =
  | { kind: 'oplock'; open: Open; level: number }
  | { kind: 'lease'; key: string; from: number; to: number; ack: boolean; epoch: number };

const share = { name: 'share', kind: 'disk', driver: undefined, remark: '', path: '', encryption: 'enabled', readOnly: false } as Share;
const CLIENT_A = Buffer.alloc(16, 0xa);
const CLIENT_B = Buffer.alloc(16, 0xb);
const ALL = ShareAccess.READ | ShareAccess.WRITE | ShareAccess.DELETE;
const RW_ACCESS = AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA;

function setup() {
  const sent: Sent[] = [];
  const timers = new FakeTimers();
  const service = new LocalLeaseService({
    notifier: {
      oplockBreak: (open, level) => sent.push({ kind: 'oplock', open, level }),
      leaseBreak: (lease: Lease, from, to, ack) => sent.push({ kind: 'lease', key: lease.leaseKey.toString('hex'), from, to, ack, epoch: lease.epoch }),
    },
    timers,
    breakTimeoutMs: 35_000,
    defer: (work) => work(),
  });
  const session = new Session(1n, {} as Connection);
  const tree = new TreeConnect(1, session, share, 0x1f01ff, false);
  let nextId = 1n;
  const object = new SharedObject(share, 7n);
  const open = (access = RW_ACCESS, shareAccess = ALL, target = object, isDirectory = false): Open => {
    const o = new Open({ persistentFileId: nextId, volatileFileId: nextId++, session, treeConnect: tree, path: ['f'], grantedAccess: access, shareAccess, isDirectory, object: target, createOptions: 0 });
    target.opens.add(o);
    return o;
  };
  const close = (o: Open): void => {
    o.object!.opens.delete(o);
    service.release(o);
  };
  return { sent, timers, service, object, open, close };
}

const oplock = (level: number, clientGuid = CLIENT_A): CachingRequest => ({ clientGuid, oplockLevel: level, lease: undefined, directoryLeasing: true });
const leaseContext = (key: number, state: number, version: 1 | 2 = 2, epoch = 0): LeaseContext => ({
  version,
  leaseKey: Buffer.alloc(16, key),
  leaseState: state,
  leaseFlags: 0,
  leaseDuration: 0n,
  parentLeaseKey: Buffer.alloc(16),
  epoch,
});
const leaseRequest = (key: number, state: number, clientGuid = CLIENT_A, version: 1 | 2 = 2): CachingRequest => ({
  clientGuid,
  oplockLevel: OplockLevel.LEASE,
  lease: leaseContext(key, state, version),
  directoryLeasing: true,
});
const intent = (access = RW_ACCESS, overwrites = false, leaseKey?: number, clientGuid = CLIENT_B): OpenIntent => ({
  clientGuid,
  leaseKey: leaseKey === undefined ? undefined : Buffer.alloc(16, leaseKey),
  access,
  overwrites,
});
const status = (code: number) => (e: unknown) => e instanceof NtStatusError && e.status === code;

test('a lone open gets the batch oplock it asks for; a second open gets level II after the break is acknowledged', async () => {
  const { sent, service, object, open } = setup();
  const a = open();
  assert.is(service.grant(a, oplock(OplockLevel.BATCH), false).oplockLevel, OplockLevel.BATCH);

  assert.ok(service.contend(object, intent(), false, true), 'the opener must wait');
  assert.equal(sent, [{ kind: 'oplock', open: a, level: OplockLevel.II }]);
  const changed = service.changed(object).promise;
  assert.is(service.acknowledgeOplock(a, OplockLevel.II), OplockLevel.II);
  await changed;
  assert.not.ok(service.contend(object, intent(), false, false));
  const b = open();
  assert.is(service.grant(b, oplock(OplockLevel.BATCH), false).oplockLevel, OplockLevel.II);
  assert.is(sent.length, 1);
});

test('an unacknowledged oplock break times out to none after the break timeout, without sleeping', async () => {
  const { timers, service, object, open } = setup();
  const a = open();
  service.grant(a, oplock(OplockLevel.EXCLUSIVE), false);
  assert.ok(service.contend(object, intent(), false, true));
  const changed = service.changed(object).promise;
  timers.advance(34_999);
  assert.is(a.caching.oplockLevel, OplockLevel.EXCLUSIVE);
  timers.advance(1);
  await changed;
  assert.is(a.caching.oplockLevel, OplockLevel.NONE);
  assert.not.ok(service.contend(object, intent(), false, false));
  assert.throws(() => service.acknowledgeOplock(a, OplockLevel.II), status(NtStatus.INVALID_OPLOCK_PROTOCOL));
});

test('with a sharing violation only handle caching is broken: batch to level II, exclusive not at all', () => {
  const { sent, service, object, open } = setup();
  const a = open(RW_ACCESS, 0);
  service.grant(a, oplock(OplockLevel.EXCLUSIVE), false);
  assert.not.ok(service.contend(object, intent(), true, true), 'nothing to wait for: the open fails at once');
  assert.is(sent.length, 0);
  a.caching.oplockLevel = OplockLevel.BATCH;
  assert.ok(service.contend(object, intent(), true, true));
  assert.equal(sent, [{ kind: 'oplock', open: a, level: OplockLevel.II }]);
});

test('attribute-only opens neither break nor get an oplock beside others; overwriting breaks to none', () => {
  const { sent, service, object, open } = setup();
  const a = open();
  service.grant(a, oplock(OplockLevel.BATCH), false);
  const stat = AccessMask.FILE_READ_ATTRIBUTES | AccessMask.SYNCHRONIZE;
  assert.not.ok(service.contend(object, intent(stat), false, true));
  const b = open(stat);
  assert.is(service.grant(b, oplock(OplockLevel.BATCH), false).oplockLevel, OplockLevel.NONE);
  assert.ok(service.contend(object, intent(stat | AccessMask.FILE_WRITE_DATA, true), false, true));
  assert.equal(sent, [{ kind: 'oplock', open: a, level: OplockLevel.NONE }]);
});

test('a write breaks every level II oplock to none, the writer\'s own included, with no acknowledgment', () => {
  const { sent, service, open } = setup();
  const a = open();
  const b = open();
  service.grant(a, oplock(OplockLevel.II), false);
  service.grant(b, oplock(OplockLevel.II), false);
  service.breakReadCaching(a, true);
  assert.equal(sent, [
    { kind: 'oplock', open: a, level: OplockLevel.NONE },
    { kind: 'oplock', open: b, level: OplockLevel.NONE },
  ]);
  assert.is(a.caching.oplockLevel, OplockLevel.NONE);
  assert.is(b.caching.oplockLevel, OplockLevel.NONE);
  assert.ok(a.caching.modified);
  // MS-SMB2 2.2.24.1: a level II break is never acknowledged; Windows refuses one.
  assert.throws(() => service.acknowledgeOplock(b, OplockLevel.NONE), status(NtStatus.INVALID_OPLOCK_PROTOCOL));
});

test('a lease break carries the epoch and wants an acknowledgment no larger than it offered', async () => {
  const { sent, service, object, open } = setup();
  const a = open();
  const granted = service.grant(a, leaseRequest(1, R | W | H), false);
  assert.is(granted.oplockLevel, OplockLevel.LEASE);
  assert.is(granted.lease!.leaseState, R | W | H);
  assert.is(granted.lease!.epoch, 1);

  assert.ok(service.contend(object, intent(), false, true));
  assert.equal(sent, [{ kind: 'lease', key: '01'.repeat(16), from: R | W | H, to: R | H, ack: true, epoch: 2 }]);
  const key = Buffer.alloc(16, 1);
  assert.throws(() => service.acknowledgeLease(CLIENT_A, key, R | W | H), status(NtStatus.REQUEST_NOT_ACCEPTED));
  assert.throws(() => service.acknowledgeLease(CLIENT_B, key, R | H), status(NtStatus.OBJECT_NAME_NOT_FOUND));
  const changed = service.changed(object).promise;
  assert.equal(service.acknowledgeLease(CLIENT_A, key, R | H), { leaseKey: key, leaseState: R | H });
  await changed;
  assert.throws(() => service.acknowledgeLease(CLIENT_A, key, R | H), status(NtStatus.UNSUCCESSFUL));
  assert.not.ok(service.contend(object, intent(), false, false));
});

test('a lease is shared by every open of its key, and its key names one file', () => {
  const { service, object, open } = setup();
  const a = open();
  service.grant(a, leaseRequest(1, R | H), false);
  const b = open();
  // A second open of the same lease does not count against it: the upgrade to RWH is granted.
  const upgraded = service.grant(b, leaseRequest(1, R | W | H), false).lease!;
  assert.is(upgraded.leaseState, R | W | H);
  assert.is(upgraded.epoch, 2);
  assert.is(a.caching.lease, b.caching.lease);
  service.checkLeaseKey(CLIENT_A, Buffer.alloc(16, 1), object);
  assert.throws(() => service.checkLeaseKey(CLIENT_A, Buffer.alloc(16, 1), new SharedObject(share, 8n)), status(NtStatus.INVALID_PARAMETER));
  // Another client may use the same key anywhere.
  service.checkLeaseKey(CLIENT_B, Buffer.alloc(16, 1), new SharedObject(share, 8n));
});

test('upgrades go only to a strict superset; H or W without R is no lease at all', () => {
  const { service, open } = setup();
  const a = open();
  assert.is(service.grant(a, leaseRequest(1, R | H), false).lease!.leaseState, R | H);
  assert.is(service.grant(open(), leaseRequest(1, R | W), false).lease!.leaseState, R | H, 'RH does not become RW');
  assert.is(service.grant(open(), leaseRequest(1, R), false).lease!.leaseState, R | H, 'nor is it downgraded');
  assert.is(service.grant(open(), leaseRequest(2, H), false).lease!.leaseState, 0);
  assert.is(service.grant(open(), leaseRequest(3, W | H), false).lease!.leaseState, 0);
});

test('the response keeps the version the lease was granted with', () => {
  const { service, open } = setup();
  service.grant(open(), leaseRequest(1, R, CLIENT_A, 2), false);
  const response = service.grant(open(), leaseRequest(1, R | H, CLIENT_A, 1), false).lease!;
  assert.is(response.version, 2);
  assert.is(response.epoch, 2);
});

test('a lease break that times out takes the lease away entirely', async () => {
  const { timers, service, object, open } = setup();
  const a = open();
  service.grant(a, leaseRequest(1, R | W | H), false);
  assert.ok(service.contend(object, intent(), false, true));
  const changed = service.changed(object).promise;
  timers.advance(35_000);
  await changed;
  assert.is(a.caching.lease!.state, 0);
  assert.not.ok(a.caching.lease!.breaking);
  assert.throws(() => service.acknowledgeLease(CLIENT_A, Buffer.alloc(16, 1), R | H), status(NtStatus.UNSUCCESSFUL));
});

test('a conflict during a break is remembered: after the acknowledgment the lease breaks further, through R', () => {
  const { sent, service, object, open } = setup();
  const a = open();
  service.grant(a, leaseRequest(1, R | W | H), false);
  assert.ok(service.contend(object, intent(), false, true));
  // An overwrite needs everything; one break at a time, so nothing more is sent yet.
  assert.ok(service.contend(object, intent(RW_ACCESS, true), false, true));
  assert.is(sent.length, 1);
  const key = Buffer.alloc(16, 1);
  service.acknowledgeLease(CLIENT_A, key, R | H);
  assert.equal(sent[1], { kind: 'lease', key: '01'.repeat(16), from: R | H, to: R, ack: true, epoch: 2 });
  service.acknowledgeLease(CLIENT_A, key, R);
  assert.equal(sent[2], { kind: 'lease', key: '01'.repeat(16), from: R, to: 0, ack: false, epoch: 2 });
  assert.is(a.caching.lease!.state, 0);
  assert.not.ok(a.caching.lease!.breaking);
});

test('a write breaks other leases\' read caching to none (RH needs an acknowledgment); the writer\'s own lease stays', () => {
  const { sent, service, open } = setup();
  const a = open();
  service.grant(a, leaseRequest(1, R | H), false);
  const b = open();
  service.grant(b, leaseRequest(2, R | H, CLIENT_B), false);
  service.breakReadCaching(b, true);
  assert.equal(sent, [{ kind: 'lease', key: '01'.repeat(16), from: R | H, to: 0, ack: true, epoch: 2 }]);
  assert.is(b.caching.lease!.state, R | H);
});

test('a rename waits for other leases to give up handle caching, not for its own', () => {
  const { sent, service, object, open } = setup();
  const a = open();
  service.grant(a, leaseRequest(1, R | H), false);
  const b = open();
  service.grant(b, leaseRequest(2, R | H, CLIENT_B), false);
  assert.ok(service.breakHandleCaching(object, a));
  assert.equal(sent, [{ kind: 'lease', key: '02'.repeat(16), from: R | H, to: R, ack: true, epoch: 2 }]);
  service.acknowledgeLease(CLIENT_B, Buffer.alloc(16, 2), R);
  assert.not.ok(service.breakHandleCaching(object, a));
});

test('directory leases are R or RH and break to none when an entry changes, except the named parent lease', () => {
  const { sent, service, open } = setup();
  const directory = new SharedObject(share, 9n);
  const d1 = open(AccessMask.FILE_READ_DATA, ALL, directory, true);
  assert.is(service.grant(d1, leaseRequest(1, R | W | H), false).lease!.leaseState, R | H);
  const d2 = open(AccessMask.FILE_READ_DATA, ALL, directory, true);
  assert.is(service.grant(d2, leaseRequest(2, R | H, CLIENT_B), false).lease!.leaseState, R | H);
  assert.is(service.grant(open(AccessMask.FILE_READ_DATA, ALL, directory, true), oplock(OplockLevel.BATCH), false).oplockLevel, OplockLevel.NONE);
  assert.ok(service.hasDirectoryLeases());
  service.breakParentCaching(directory, { clientGuid: CLIENT_A, leaseKey: Buffer.alloc(16, 1) });
  assert.equal(sent, [{ kind: 'lease', key: '02'.repeat(16), from: R | H, to: 0, ack: true, epoch: 2 }]);
});

test('closing the last open of a lease ends it and frees its key; waiters are woken', async () => {
  const { service, object, open, close } = setup();
  const a = open();
  service.grant(a, leaseRequest(1, R | W | H), false);
  assert.ok(service.contend(object, intent(), false, true));
  const changed = service.changed(object).promise;
  close(a);
  await changed;
  assert.is(object.caching.leases.size, 0);
  service.checkLeaseKey(CLIENT_A, Buffer.alloc(16, 1), new SharedObject(share, 8n));
  assert.not.ok(service.hasDirectoryLeases());
  assert.not.ok(service.contend(object, intent(), false, false));
});

test('the lease response reports a break in progress and echoes a version 2 parent key', () => {
  const { service, object, open } = setup();
  const a = open();
  service.grant(a, leaseRequest(1, R | W | H), false);
  service.contend(object, intent(), false, true);
  const request = leaseRequest(1, R | W | H);
  request.lease = { ...request.lease!, leaseFlags: LeaseFlags.PARENT_LEASE_KEY_SET, parentLeaseKey: Buffer.alloc(16, 5) };
  const b = open();
  const response = service.grant(b, request, false).lease!;
  assert.is(response.leaseFlags, LeaseFlags.BREAK_IN_PROGRESS | LeaseFlags.PARENT_LEASE_KEY_SET);
  assert.ok(response.parentLeaseKey.equals(Buffer.alloc(16, 5)));
  assert.ok(b.caching.parentLeaseKey!.leaseKey.equals(Buffer.alloc(16, 5)));
});

test.run();
