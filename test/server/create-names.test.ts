// CREATE names must be well-formed UTF-16. MS-FSCC 2.1.5.2 alone would allow an unpaired surrogate, but
// drivers keep names as Unicode text and clients convert listings to their charset: smbclient cannot list a
// directory holding such a name (NT_STATUS_INVALID_NETWORK_RESPONSE), so one client could break listings
// for everyone. The server refuses those names with STATUS_OBJECT_NAME_INVALID instead.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NtStatus } from '../../src/protocol/status.ts';
import { goldenRequest } from '../helpers/golden.ts';
import { startInProcessServer } from '../helpers/in-process-server.ts';
import { Smb2TestClient } from '../helpers/smb2-test-client.ts';
import { smbclient } from '../helpers/smbclient.ts';

const negotiate = goldenRequest({ client: 'smbclient', dialect: 'SMB3_1_1', command: 'NEGOTIATE' }).bytes;

test('names with unpaired surrogates are refused; surrogate pairs and noncharacters are names', async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const client = await Smb2TestClient.connect(server.port);
    await client.negotiate(negotiate);
    await client.guestLogon();
    await client.treeConnect('share');
    for (const name of ['high\uD800.txt', 'low\uDC00x.txt', 'swapped\uDC00\uD800', 'dir\uD800\\f.txt']) {
      assert.is((await client.create(name)).status, NtStatus.OBJECT_NAME_INVALID, JSON.stringify(name));
    }
    for (const name of ['smile\uD83D\uDE00.txt', 'nonchar\uFFFF.txt']) {
      const created = await client.create(name);
      assert.is(created.status, NtStatus.SUCCESS, JSON.stringify(name));
      assert.is((await client.close(created.fileId!)).header.status, NtStatus.SUCCESS);
    }
    await client.socket.end();

    const listing = await smbclient(server.port, 'share', 'user%pass', 'ls');
    assert.is(listing.code, 0, listing.stdout + listing.stderr);
    assert.match(listing.stdout, /smile😀\.txt/);
  } finally {
    await server.stop();
  }
});

test.run();
