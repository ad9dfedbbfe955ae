// MS-SMB2 3.3.5.2.9: a request's session is looked up in Connection.SessionTable. Without multichannel a
// connection can only use the sessions set up on it: a SessionId seen or guessed from another connection
// finds nothing (STATUS_USER_SESSION_DELETED), and in particular cannot use or log off someone else's
// unsigned (here Guest) session.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command } from '../../src/protocol/constants.ts';
import { encodeLogoffRequest, encodeTreeConnectRequest } from '../../src/protocol/messages/index.ts';
import { NtStatus } from '../../src/protocol/status.ts';
import { utf16 } from '../../src/protocol/wire.ts';
import { goldenRequest } from '../helpers/golden.ts';
import { startInProcessServer } from '../helpers/in-process-server.ts';
import { Smb2TestClient } from '../helpers/smb2-test-client.ts';

const negotiate = goldenRequest({ client: 'smbclient', dialect: 'SMB3_1_1', command: 'NEGOTIATE' }).bytes;

test("another connection cannot use or log off a session by its SessionId", async () => {
  const server = await startInProcessServer({ guest: true });
  try {
    const owner = await Smb2TestClient.connect(server.port);
    await owner.negotiate(negotiate);
    await owner.guestLogon();
    await owner.treeConnect('share');

    const intruder = await Smb2TestClient.connect(server.port);
    await intruder.negotiate(negotiate);
    intruder.sessionId = owner.sessionId;
    intruder.treeId = owner.treeId;
    assert.is((await intruder.create('planted.txt')).status, NtStatus.USER_SESSION_DELETED);
    const treeConnect = encodeTreeConnectRequest({ flags: 0, path: utf16.encode('\\\\127.0.0.1\\share'), treeConnectContexts: [] });
    assert.is((await intruder.call(intruder.build(Command.TREE_CONNECT, treeConnect))).header.status, NtStatus.USER_SESSION_DELETED);
    assert.is((await intruder.call(intruder.build(Command.LOGOFF, encodeLogoffRequest({})))).header.status, NtStatus.USER_SESSION_DELETED);

    // The owner's session and tree connect are untouched.
    const own = await owner.create('mine.txt');
    assert.is(own.status, NtStatus.SUCCESS);
    assert.is((await owner.close(own.fileId!)).header.status, NtStatus.SUCCESS);
    assert.is(server.server.stats().sessions, 1);
    await intruder.socket.end();
    await owner.socket.end();
  } finally {
    await server.stop();
  }
});

test.run();
