// AllocationSize from POSIX stats (src/ios/posix/stat.ts): what the data takes on disk.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allocationSizeOf } from '../../src/ios/posix/stat.ts';

test('whole clusters of data, without the block extended attributes may take', () => {
  // An empty file whose xattrs took a 4 KiB block on ext4: st_blocks 8.
  assert.is(allocationSizeOf(0n, 8n), 0n);
  // 4097 bytes in two data blocks plus the xattr block.
  assert.is(allocationSizeOf(4097n, 24n), 8192n);
});

test('a sparse file reports only the blocks it has', () => {
  assert.is(allocationSizeOf(1n << 20n, 8n), 4096n);
});

test('without st_blocks, the size rounded up to a cluster', () => {
  assert.is(allocationSizeOf(1n, undefined), 4096n);
  assert.is(allocationSizeOf(8192n, undefined), 8192n);
});

test.run();
