// MS-SMB2 3.3.5.2.9: once a session's authentication expires, requests fail with
// STATUS_NETWORK_SESSION_EXPIRED until the client reauthenticates.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import path from 'node:path';
import { run, startSmb3d } from '../helpers/smb3d.ts';

const SCRIPT = `
import sys, time, json
from impacket.smbconnection import SMBConnection, SessionError
conn = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=int(sys.argv[1]))
conn.login("alice", "secret")
out = {"before": [f.get_longname() for f in conn.listPath("data", "*")]}
time.sleep(2.5)
try:
    conn.listPath("data", "*")
    out["after"] = "ok"
except SessionError as e:
    out["after"] = e.getErrorString()[0]
print(json.dumps(out))
`;

test('requests after the expiry interval fail with STATUS_NETWORK_SESSION_EXPIRED', async () => {
  const dir = await fs.mkdtemp('/tmp/smb3d-expiry-');
  const config = path.join(dir, 'smb3d.yaml');
  await fs.writeFile(config, `sessionExpirySeconds: 1\nusers: [{ name: alice, password: secret }]\nshares: [{ name: data, path: ${dir} }]\n`);
  const server = await startSmb3d(['--config', config]);
  const r = await run('/usr/bin/python3', ['-c', SCRIPT, String(server.port)]);
  await server.stop();
  await fs.rm(dir, { recursive: true });
  await fs.rm(server.shareDir, { recursive: true });
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(out.before.includes('smb3d.yaml'), 'the session works before it expires');
  assert.is(out.after, 'STATUS_NETWORK_SESSION_EXPIRED');
});

test.run();
