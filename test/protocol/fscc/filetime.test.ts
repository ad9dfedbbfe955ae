import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  FILETIME_UNIX_EPOCH,
  fileTimeFromDate,
  fileTimeFromUnixNs,
  fileTimeToDate,
  fileTimeToUnixNs,
} from '../../../src/protocol/fscc/filetime.ts';

// MS-DTYP 2.3.3: 100 ns ticks since 1601-01-01. The Unix epoch is 11644473600 s later (134774 days).
test('the Unix epoch as a FILETIME', () => {
  assert.is(FILETIME_UNIX_EPOCH, 134774n * 86400n * 10_000_000n);
  assert.is(fileTimeFromDate(new Date(0)), FILETIME_UNIX_EPOCH);
  assert.is(fileTimeFromDate(new Date(Date.UTC(1601, 0, 1))), 0n);
});

test('Date round trip at millisecond precision; sub-millisecond ticks floored', () => {
  const d = new Date('2024-03-05T12:34:56.789Z');
  const ft = fileTimeFromDate(d);
  assert.is(fileTimeToDate(ft).toISOString(), d.toISOString());
  assert.is(fileTimeToDate(ft + 9999n).toISOString(), d.toISOString());
  assert.is(fileTimeToDate(FILETIME_UNIX_EPOCH - 1n).toISOString(), '1969-12-31T23:59:59.999Z');
  assert.throws(() => fileTimeFromDate(new Date('nope')), RangeError);
});

test('Unix nanoseconds: exact to 100 ns, floored toward the past before 1970 too', () => {
  const ns = 1_709_642_096_789_123_456n;
  const ft = fileTimeFromUnixNs(ns);
  assert.is(ft, FILETIME_UNIX_EPOCH + 17_096_420_967_891_234n);
  assert.is(fileTimeToUnixNs(ft), 1_709_642_096_789_123_400n);
  assert.is(fileTimeFromUnixNs(-1n), FILETIME_UNIX_EPOCH - 1n);
  assert.is(fileTimeFromUnixNs(-100n), FILETIME_UNIX_EPOCH - 1n);
  assert.is(fileTimeFromUnixNs(-101n), FILETIME_UNIX_EPOCH - 2n);
});

test.run();
