// Compound chains (MS-SMB2 3.3.5.2.7) as Samba's smbtorture drives them against smb3d: related requests
// inheriting session, tree and FileId, a first request wrongly flagged related, errors of a failed CREATE
// carried down the chain, and a request that would go async in the middle of a chain.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOwnServer } from '../../conformance/own-server.ts';
import { runSuite } from '../../conformance/smbtorture.ts';

const SUBTESTS = [
  'smb2.compound.related1',
  'smb2.compound.related2',
  // IOCTL on FileId 0xFFFFFFFFFFFFFFFF: STATUS_FILE_CLOSED before the control code is looked at (3.3.5.15).
  'smb2.compound.related5',
  'smb2.compound.related6',
  // A failed CREATE's status reaches the related requests after it (3.3.5.2.7.2).
  'smb2.compound.related8',
  // The first request flagged related fails, and so do the related ones after it.
  'smb2.compound.related9',
  'smb2.compound.invalid1',
  // A request whose own session is invalid passes none on to the next related request.
  'smb2.compound.invalid2',
  // The FileId a failed request used is what the next related request inherits.
  'smb2.compound.invalid3',
  'smb2.compound.invalid4',
  'smb2.compound.interim1',
  // CHANGE_NOTIFY in the middle of a chain fails with STATUS_INTERNAL_ERROR instead of blocking it.
  'smb2.compound.interim2',
  'smb2.compound.create-write-close',
];

test('smbtorture compound subtests pass', async () => {
  const server = await startOwnServer();
  try {
    const run = await runSuite(server.target, 'smb2.compound', SUBTESTS, { timeoutSeconds: 120, wholeSuite: false, tortureOptions: [] });
    const failed = run.results.filter((r) => r.outcome !== 'passed').map((r) => `${r.name}: ${r.reason}`);
    assert.equal(failed, []);
    assert.is(run.results.length, SUBTESTS.length);
  } finally {
    await server.stop();
  }
});

test.run();
