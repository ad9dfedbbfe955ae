import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeNetworkInterfaceInfo, encodeNetworkInterfaceInfo } from '../../../src/protocol/fsctl/network-interface-info.ts';
import { NtStatusError } from '../../../src/protocol/status.ts';

test('entries are 152 bytes, chained by Next, with SOCKADDR_IN and SOCKADDR_IN6 (MS-SMB2 2.2.32.5)', () => {
  const out = encodeNetworkInterfaceInfo([
    { ifIndex: 1, capability: 0, linkSpeed: 10_000_000_000n, family: 'IPv4', address: '127.0.0.1' },
    { ifIndex: 2, capability: 1, linkSpeed: 1_000_000_000n, family: 'IPv6', address: 'fe80::1:2', scopeId: 2 },
  ]);
  assert.is(out.length, 304);
  assert.is(out.readUInt32LE(0), 152, 'Next of the first entry');
  assert.is(out.readUInt32LE(152), 0, 'Next of the last entry');
  assert.is(out.readUInt16LE(24), 0x0002, 'AF_INET');
  assert.equal([...out.subarray(28, 32)], [127, 0, 0, 1], 'IPv4 address in network order after the port');
  assert.is(out.readUInt16LE(152 + 24), 0x0017, 'AF_INET6');
  assert.is(out.readUInt16BE(152 + 24 + 8), 0xfe80);
  assert.is(out.readUInt16BE(152 + 24 + 8 + 14), 0x0002);
  const back = decodeNetworkInterfaceInfo(out);
  assert.is(back[0]!.address, '127.0.0.1');
  assert.is(back[1]!.address, 'fe80:0:0:0:0:0:1:2');
  assert.is(back[1]!.scopeId, 2);
  assert.is(back[1]!.capability, 1);
});

test('truncated or looping output is refused', () => {
  const out = encodeNetworkInterfaceInfo([{ ifIndex: 1, capability: 0, linkSpeed: 1n, family: 'IPv4', address: '10.0.0.1' }]);
  assert.throws(() => decodeNetworkInterfaceInfo(out.subarray(0, 100)), (e: unknown) => e instanceof NtStatusError);
  const looping = Buffer.from(out);
  looping.writeUInt32LE(4, 0);
  assert.throws(() => decodeNetworkInterfaceInfo(looping), (e: unknown) => e instanceof NtStatusError);
});

test.run();
