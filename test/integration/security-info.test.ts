// QUERY_INFO / SET_INFO SMB2_0_INFO_SECURITY through impacket: the short-buffer answer of MS-SMB2 3.3.5.20.3,
// the SACL's privilege rules, and a driver that cannot store descriptors. The expected bytes of the
// short-buffer and empty-descriptor answers are what Samba 4.17 sends for the same requests.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessMask as A } from '../../src/protocol/constants.ts';
import { AceFlags, AceType, sidAce } from '../../src/protocol/dtyp/ace.ts';
import { decodeSecurityDescriptor, encodeSecurityDescriptor, SdControl, SecurityInformation as SI } from '../../src/protocol/dtyp/security-descriptor.ts';
import { NtStatus } from '../../src/protocol/status.ts';
import type { ShareDriver } from '../../src/ios/types.ts';
import { startInProcessServer } from '../helpers/in-process-server.ts';
import { run, startSmb3d, type RunningSmb3d } from '../helpers/smb3d.ts';

const SCRIPT = fileURLToPath(new URL('./security-probe.py', import.meta.url));
type Result = { status: number; handle?: number; data?: string; body?: string };

let server: RunningSmb3d;
let dir: string;

test.before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'security-info-'));
  await fs.mkdir(path.join(dir, 'data'));
  const config = path.join(dir, 'smb3d.yaml');
  await fs.writeFile(
    config,
    `users: [{ name: alice, password: secret }, { name: root, password: toor, admin: true }]\nshares: [{ name: data, path: ${path.join(dir, 'data')} }]\n`,
  );
  server = await startSmb3d(['--config', config]);
});

test.after(async () => {
  await server.stop();
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(server.shareDir, { recursive: true, force: true });
});

async function probe(port: number, share: string, credentials: [string, string], program: object[]): Promise<Result[]> {
  const r = await run('/usr/bin/python3', [SCRIPT, String(port), share, ...credentials, JSON.stringify(program)]);
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Result[];
}

const READ_CONTROL = A.READ_CONTROL | A.FILE_READ_ATTRIBUTES;

test('a short output buffer gets STATUS_BUFFER_TOO_SMALL with the size needed as 4 bytes of ErrorData', async () => {
  const [, small, zero, full] = await probe(server.port, 'data', ['alice', 'secret'], [
    { op: 'create', name: 'f.txt', access: READ_CONTROL },
    { op: 'query', handle: 0, addl: 7, outlen: 16 },
    { op: 'query', handle: 0, addl: 7, outlen: 0 },
    { op: 'query', handle: 0, addl: 7, outlen: 4096 },
  ]);
  const size = Buffer.from(full!.data!, 'hex').length;
  // SMB2 ERROR Response: StructureSize 9, ErrorContextCount 0, ByteCount 4, ErrorData = the size.
  const expected = Buffer.alloc(12);
  expected.writeUInt16LE(9, 0);
  expected.writeUInt32LE(4, 4);
  expected.writeUInt32LE(size, 8);
  for (const r of [small!, zero!]) {
    assert.is(r.status, NtStatus.BUFFER_TOO_SMALL);
    assert.is(r.body, expected.toString('hex'));
  }
  const sd = decodeSecurityDescriptor(Buffer.from(full!.data!, 'hex'));
  assert.ok(sd.owner && sd.group && sd.dacl, 'owner, group and DACL were asked for');
});

test('asking for no parts needs no READ_CONTROL and returns the bare header, as Samba does', async () => {
  const [, none, owner] = await probe(server.port, 'data', ['alice', 'secret'], [
    { op: 'create', name: 'f.txt', access: A.FILE_READ_ATTRIBUTES },
    { op: 'query', handle: 0, addl: 0, outlen: 4096 },
    { op: 'query', handle: 0, addl: SI.OWNER, outlen: 4096 },
  ]);
  assert.is(none!.data, '0100008000000000000000000000000000000000');
  assert.is(owner!.status, NtStatus.ACCESS_DENIED);
});

test('SACLs need ACCESS_SYSTEM_SECURITY, which only Administrators (SeSecurityPrivilege) may open with', async () => {
  const audit = encodeSecurityDescriptor({
    sbz1: 0,
    control: SdControl.SELF_RELATIVE | SdControl.SACL_PRESENT,
    sacl: { revision: 2, aces: [sidAce(AceType.SYSTEM_AUDIT, AceFlags.FAILED_ACCESS, A.DELETE, 'S-1-1-0')] },
  }).toString('hex');
  const [, querySacl, privileged] = await probe(server.port, 'data', ['alice', 'secret'], [
    { op: 'create', name: 'f.txt', access: READ_CONTROL },
    { op: 'query', handle: 0, addl: SI.SACL, outlen: 4096 },
    { op: 'create', name: 'f.txt', access: READ_CONTROL | A.ACCESS_SYSTEM_SECURITY },
  ]);
  assert.is(querySacl!.status, NtStatus.ACCESS_DENIED);
  assert.is(privileged!.status, NtStatus.PRIVILEGE_NOT_HELD);
  const [opened, set, read] = await probe(server.port, 'data', ['root', 'toor'], [
    { op: 'create', name: 'f.txt', access: READ_CONTROL | A.ACCESS_SYSTEM_SECURITY },
    { op: 'set', handle: 0, addl: SI.SACL, sd: audit },
    { op: 'query', handle: 0, addl: SI.SACL, outlen: 4096 },
  ]);
  assert.is(opened!.status, 0);
  assert.is(set!.status, 0);
  assert.is(read!.data, audit);
});

test('a driver without a descriptor store serves the default descriptor and refuses to change it', async () => {
  const withoutStore = (driver: ShareDriver): ShareDriver => {
    const capabilities = { ...driver.capabilities, securityDescriptors: false };
    return new Proxy(driver, {
      get: (target, key) => {
        if (key === 'capabilities') return capabilities;
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  const memory = await startInProcessServer({ users: [{ name: 'alice', password: 'secret' }], wrapDriver: withoutStore });
  try {
    const [, query, set] = await probe(memory.port, 'share', ['alice', 'secret'], [
      { op: 'create', name: 'm.txt', access: READ_CONTROL | A.WRITE_DAC },
      { op: 'query', handle: 0, addl: SI.OWNER | SI.DACL, outlen: 4096 },
      { op: 'set', handle: 0, addl: SI.DACL, sd: encodeSecurityDescriptor({ sbz1: 0, control: SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT }).toString('hex') },
    ]);
    const sd = decodeSecurityDescriptor(Buffer.from(query!.data!, 'hex'));
    assert.is(sd.owner, 'S-1-5-32-544');
    assert.ok(sd.dacl!.aces.some((a) => a.kind === 'sid' && a.sid === 'S-1-1-0' && a.mask === 0x001f01ff), 'everyone keeps full control');
    // MS-FSA 2.1.5.17: an object store that does not implement security.
    assert.is(set!.status, NtStatus.INVALID_DEVICE_REQUEST);
  } finally {
    await memory.stop();
  }
});

test.run();
