// Two real clients (impacket) against smb3d: a writer caching under a batch oplock is broken before a
// second client's open completes, flushes, acknowledges, and the second client reads the writer's data.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

const SCRIPT = fileURLToPath(new URL('./oplock-client.py', import.meta.url));
let server: RunningSmb3d;

test.before(async () => {
  server = await startSmb3d();
});

test.after(async () => {
  await server.stop();
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

for (const dialect of ['2.1', '3.0']) {
  test(`a batch oplock is broken and acknowledged before another client reads, dialect ${dialect}`, async () => {
    const r = await run('/usr/bin/python3', [SCRIPT, String(server.port), dialect]);
    assert.is(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    assert.is(out.readerError, undefined, String(out.readerError));
    // MS-SMB2 3.3.4.6: an OPLOCK_BREAK notification (MessageId all ones) for A's open, offering level II.
    assert.is(out.breakCommand, 0x12);
    assert.is(out.breakMessageId, 'ffffffffffffffff');
    assert.is(out.breakNamesA, true);
    assert.is(out.breakLevel, 1);
    assert.is(out.readerWaitedForAck, true, "B's open waited for A");
    assert.is(out.ackStatus, 0);
    assert.is(out.ackLevel, 1);
    assert.is(out.readerOpenedAfterFlush, true);
    assert.is(out.readerData, out.expected, "B reads everything A wrote, the flushed part included");
  });
}

test.run();
