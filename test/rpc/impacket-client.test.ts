// impacket's DCE/RPC client drives RpcPipe end to end. It speaks the same connection-oriented PDUs over
// ncacn_ip_tcp as over a named pipe, so a TCP socket stands in for the SMB pipe here: bind, calls,
// multi-fragment responses and faults all go through impacket's own parser and reassembly.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { RpcPipe } from '../../src/rpc/pipe.ts';
import type { ShareInfo } from '../../src/rpc/pipe.ts';
import { context } from './helpers.ts';

const CLIENT = `
import sys, json
from impacket.dcerpc.v5 import transport, srvs, wkst
from impacket.dcerpc.v5.rpcrt import DCERPCException
port = int(sys.argv[1])
def connect(iface):
    d = transport.DCERPCTransportFactory('ncacn_ip_tcp:127.0.0.1[%d]' % port).get_dce_rpc()
    d.connect()
    d.bind(iface)
    return d
out = {}
d = connect(srvs.MSRPC_UUID_SRVS)
r = srvs.hNetrShareEnum(d, 1)
out['enum1'] = [[s['shi1_netname'][:-1], s['shi1_type'], s['shi1_remark'][:-1]] for s in r['InfoStruct']['ShareInfo']['Level1']['Buffer']]
r = srvs.hNetrShareEnum(d, 502)
out['enum502_paths'] = [s['shi502_path'][:-1] for s in r['InfoStruct']['ShareInfo']['Level502']['Buffer']]
r = srvs.hNetrShareGetInfo(d, 'Data\\x00', 2)
out['get2'] = [r['InfoStruct']['ShareInfo2']['shi2_netname'][:-1], r['InfoStruct']['ShareInfo2']['shi2_path'][:-1]]
try:
    srvs.hNetrShareGetInfo(d, 'nosuch\\x00', 1)
    out['nosuch'] = 0
except DCERPCException as e:
    out['nosuch'] = e.get_error_code()
r = srvs.hNetrServerGetInfo(d, 101)
out['server'] = [r['InfoStruct']['ServerInfo101']['sv101_name'][:-1], r['InfoStruct']['ServerInfo101']['sv101_version_major']]
try:
    d.call(77, b'')
    d.recv()
    out['opnum77'] = ''
except DCERPCException as e:
    out['opnum77'] = str(e)
d = connect(wkst.MSRPC_UUID_WKST)
r = wkst.hNetrWkstaGetInfo(d, 100)
out['wksta'] = [r['WkstaInfo']['WkstaInfo100']['wki100_computername'][:-1], r['WkstaInfo']['WkstaInfo100']['wki100_langroup'][:-1]]
print(json.dumps(out))
`;

// Enough shares that the level 502 answer spans several 4280-octet fragments.
const SHARES: ShareInfo[] = [
  { name: 'data', type: 0, remark: 'Team data', path: 'C:\\srv\\data' },
  ...Array.from({ length: 80 }, (_, i) => ({
    name: `project-${i}`,
    type: 0,
    remark: `Working area for project ${i}`,
    path: `C:\\srv\\projects\\project-${i}`,
  })),
  { name: 'IPC$', type: 0x80000003, remark: 'Remote IPC' },
];

test('impacket binds and calls srvsvc and wkssvc on RpcPipe', async () => {
  // Each connection stands for one pipe; the first bind picks its interface, as CREATE does on IPC$.
  let mostPdusForOneWrite = 0;
  const server = createServer((socket) => {
    let pipe: RpcPipe | undefined;
    socket.on('data', (data) => {
      try {
        // The bind's abstract syntax uuid starts at offset 32: 4b324fc8 is srvsvc, 6bffd098 wkssvc.
        pipe ??= new RpcPipe(data.readUInt32LE(32) === 0x6bffd098 ? 'wkssvc' : 'srvsvc', context(SHARES));
        pipe.write(data);
        let pdus = 0;
        for (let r = pipe.read(65536); r; r = pipe.read(65536), pdus++) socket.write(r.data);
        mostPdusForOneWrite = Math.max(mostPdusForOneWrite, pdus);
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('/usr/bin/python3', ['-c', CLIENT, String(port)], { timeout: 30_000 }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
      );
    });
    const out = JSON.parse(stdout);
    assert.is(out.enum1.length, SHARES.length);
    assert.equal(out.enum1[0], ['data', 0, 'Team data']);
    assert.equal(out.enum1.at(-1), ['IPC$', 0x80000003, 'Remote IPC']);
    assert.is(out.enum502_paths[80], 'C:\\srv\\projects\\project-79');
    assert.ok(mostPdusForOneWrite > 2, 'the level 502 answer was reassembled by impacket from several fragments');
    assert.equal(out.get2, ['data', 'C:\\srv\\data']);
    assert.is(out.nosuch, 2310); // NERR_NetNameNotFound
    assert.equal(out.server, ['SMB3D', 10]);
    assert.is(out.opnum77, 'nca_s_op_rng_error'); // impacket names the fault status 0x1c010002
    assert.equal(out.wksta, ['SMB3D', 'WORKGROUP']);
  } finally {
    server.close();
  }
});

test.run();
