// Shared by the test/rpc suites: captured PDUs, a share list, and impacket as an independent decoder.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { RpcPipe, RpcServerContext, ShareInfo } from '../../src/rpc/pipe.ts';

const FIXTURES = new URL('../fixtures/rpc/', import.meta.url);

/** The PDUs of test/fixtures/rpc/<name>.hex (see the README there for where each came from). */
export function fixture(name: string): Buffer[] {
  return readFileSync(new URL(`${name}.hex`, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => Buffer.from(line, 'hex'));
}

export const SHARES: ShareInfo[] = [
  { name: 'data', type: 0, remark: 'Team data', path: 'C:\\srv\\data', currentUses: 3 },
  { name: 'public', type: 0, remark: '', path: 'C:\\srv\\public', maxUses: 10 },
  { name: 'IPC$', type: 0x80000003, remark: 'Remote IPC' },
];

export function context(shares: ShareInfo[] = SHARES): RpcServerContext {
  return { serverName: 'SMB3D', domain: 'WORKGROUP', shares: () => shares };
}

/** Everything queued on the pipe, one PDU per element, read with a buffer large enough for any fragment. */
export function drain(pipe: RpcPipe): Buffer[] {
  const out: Buffer[] = [];
  for (let r = pipe.read(65536); r; r = pipe.read(65536)) out.push(r.data);
  return out;
}

/** Writes each PDU and returns what the pipe answered. */
export function exchange(pipe: RpcPipe, pdus: Buffer[]): Buffer[] {
  for (const pdu of pdus) pipe.write(pdu);
  return drain(pipe);
}

// Turns impacket's NDR objects into JSON: strings lose their NUL, null pointers become null.
const IMPACKET_PLAIN = `
import sys, json
from impacket.dcerpc.v5 import srvs, wkst
from impacket.dcerpc.v5.ndr import NDRSTRUCT, NDRUniConformantArray, NDRPOINTERNULL, NDRUNION, NDRPOINTER
def plain(x):
    if isinstance(x, list): return [plain(e) for e in x]
    if isinstance(x, str): return x.rstrip('\\x00')
    if isinstance(x, bytes): return x.hex()
    if isinstance(x, int): return x
    if isinstance(x, NDRPOINTERNULL): return None
    if isinstance(x, NDRPOINTER): return plain(x['Data']) if x['ReferentID'] else None
    if isinstance(x, NDRUniConformantArray): return [plain(e) for e in x['Data']]
    if isinstance(x, NDRUNION):
        tag = x['tag']
        return {'tag': tag, 'value': plain(x[x.union[tag][0]]) if tag in x.union else None}
    if hasattr(x, 'structure'): return {k: plain(x[k]) for k, _ in x.structure}
    return plain(x['Data'])
CLASSES = {
    'NetrShareEnumResponse': srvs.NetrShareEnumResponse,
    'NetrShareGetInfoResponse': srvs.NetrShareGetInfoResponse,
    'NetrServerGetInfoResponse': srvs.NetrServerGetInfoResponse,
    'NetrWkstaGetInfoResponse': wkst.NetrWkstaGetInfoResponse,
}
out = []
for item in json.load(sys.stdin):
    r = CLASSES[item['class']]()
    r.fromString(bytes.fromhex(item['stub']))
    out.append(plain(r))
print(json.dumps(out))
`;

export interface ImpacketItem {
  class: 'NetrShareEnumResponse' | 'NetrShareGetInfoResponse' | 'NetrServerGetInfoResponse' | 'NetrWkstaGetInfoResponse';
  stub: Buffer;
}

/** Parses response stubs with impacket's own NDR classes (python3-impacket), in one interpreter run. */
export function impacketDecode(items: ImpacketItem[]): any[] {
  const input = JSON.stringify(items.map((i) => ({ class: i.class, stub: i.stub.toString('hex') })));
  const run = spawnSync('/usr/bin/python3', ['-c', IMPACKET_PLAIN], { input, encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`impacket failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
