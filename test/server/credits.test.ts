import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandSequenceWindow } from '../../src/server/credits.ts';

test('the window starts with MessageId 0 only (MS-SMB2 3.3.1.7)', () => {
  const w = new CommandSequenceWindow(1, 100);
  assert.ok(w.isAvailable(0n, 1));
  assert.not.ok(w.isAvailable(1n, 1));
  assert.is(w.outstanding, 1);
});

test('each id is usable once', () => {
  const w = new CommandSequenceWindow(1, 100);
  w.consume(0n, 1);
  assert.not.ok(w.isAvailable(0n, 1));
  assert.is(w.outstanding, 0);
});

test('granting extends the window and consumption out of order is tracked', () => {
  const w = new CommandSequenceWindow(1, 100);
  w.consume(0n, 1);
  assert.is(w.grant(10, 1), 10);
  assert.ok(w.isAvailable(1n, 10));
  assert.not.ok(w.isAvailable(1n, 11));
  w.consume(5n, 1);
  assert.not.ok(w.isAvailable(4n, 2), 'a range overlapping a used id is refused');
  assert.ok(w.isAvailable(1n, 4));
  w.consume(1n, 4);
  assert.is(w.outstanding, 5);
  assert.ok(w.isAvailable(6n, 5));
});

test('a multi-credit request spends CreditCharge ids', () => {
  const w = new CommandSequenceWindow(1, 1000);
  w.consume(0n, 1);
  w.grant(128, 1);
  assert.ok(w.isAvailable(1n, 128));
  w.consume(1n, 128);
  assert.is(w.outstanding, 0);
  assert.not.ok(w.isAvailable(129n, 1));
});

test('grants never exceed the maximum outstanding, and a client is never left without credits', () => {
  const w = new CommandSequenceWindow(1, 16);
  assert.is(w.grant(1000, 1), 15);
  assert.is(w.outstanding, 16);
  assert.is(w.grant(5, 1), 0);
  const drained = new CommandSequenceWindow(1, 16);
  drained.consume(0n, 1);
  assert.is(drained.grant(0, 1), 1, 'a request for zero credits still leaves one');
});

test('ids below the window are refused', () => {
  const w = new CommandSequenceWindow(1, 100);
  w.consume(0n, 1);
  w.grant(4, 1);
  w.consume(1n, 1);
  assert.not.ok(w.isAvailable(0n, 1));
  assert.not.ok(w.isAvailable(1n, 1));
});

test.run();
