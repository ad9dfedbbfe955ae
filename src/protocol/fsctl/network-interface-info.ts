// MS-SMB2 2.2.32.5 NETWORK_INTERFACE_INFO Response: one 152-byte entry per address, chained by Next,
// each carrying a SOCKADDR_STORAGE (family, then SOCKADDR_IN or SOCKADDR_IN6 in a 126-byte buffer).

import { invalidParameter, Reader, Writer } from '../wire.ts';

export const NetworkInterfaceCapability = { RSS_CAPABLE: 0x00000001, RDMA_CAPABLE: 0x00000002 } as const;

const ENTRY_SIZE = 152;
const SOCKADDR_STORAGE_SIZE = 128;
const AF_INET = 0x0002;
const AF_INET6 = 0x0017;

export interface NetworkInterfaceInfo {
  ifIndex: number;
  capability: number;
  /** Bits per second. */
  linkSpeed: bigint;
  /** Dotted IPv4 or IPv6 text, as node:os reports it. */
  address: string;
  family: 'IPv4' | 'IPv6';
  /** IPv6 scope id (the interface index for link-local addresses). */
  scopeId?: number;
}

function ipv4Bytes(address: string): Buffer {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new RangeError(`not an IPv4 address: ${address}`);
  return Buffer.from(parts);
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail = ''] = address.split('%')[0]!.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head!);
  const t = groups(tail);
  const all = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  if (all.length !== 8) throw new RangeError(`not an IPv6 address: ${address}`);
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export function encodeNetworkInterfaceInfo(interfaces: readonly NetworkInterfaceInfo[]): Buffer {
  const w = new Writer(ENTRY_SIZE * Math.max(interfaces.length, 1));
  interfaces.forEach((nic, i) => {
    const last = i === interfaces.length - 1;
    w.u32(last ? 0 : ENTRY_SIZE).u32(nic.ifIndex).u32(nic.capability).u32(0).u64(nic.linkSpeed);
    const storage = Buffer.alloc(SOCKADDR_STORAGE_SIZE);
    if (nic.family === 'IPv4') {
      storage.writeUInt16LE(AF_INET, 0);
      // SOCKADDR_IN: Port (0), IPv4Address in network order, Reserved.
      ipv4Bytes(nic.address).copy(storage, 4);
    } else {
      storage.writeUInt16LE(AF_INET6, 0);
      // SOCKADDR_IN6: Port (0), FlowInfo (0), IPv6Address, ScopeId.
      ipv6Bytes(nic.address).copy(storage, 8);
      storage.writeUInt32LE(nic.scopeId ?? 0, 24);
    }
    w.bytes(storage);
  });
  return w.finish();
}

export function decodeNetworkInterfaceInfo(output: Buffer): NetworkInterfaceInfo[] {
  const out: NetworkInterfaceInfo[] = [];
  let at = 0;
  for (;;) {
    const r = new Reader(output, at);
    const next = r.u32('Next');
    const ifIndex = r.u32('IfIndex');
    const capability = r.u32('Capability');
    r.skip(4);
    const linkSpeed = r.u64('LinkSpeed');
    const storage = r.bytes(SOCKADDR_STORAGE_SIZE, 'SockAddr_Storage');
    const family = storage.readUInt16LE(0);
    if (family === AF_INET) {
      out.push({ ifIndex, capability, linkSpeed, family: 'IPv4', address: [...storage.subarray(4, 8)].join('.') });
    } else if (family === AF_INET6) {
      const groups: string[] = [];
      for (let i = 0; i < 8; i++) groups.push(storage.readUInt16BE(8 + i * 2).toString(16));
      out.push({ ifIndex, capability, linkSpeed, family: 'IPv6', address: groups.join(':'), scopeId: storage.readUInt32LE(24) });
    } else {
      throw invalidParameter(`NETWORK_INTERFACE_INFO: address family 0x${family.toString(16)}`);
    }
    if (next === 0) return out;
    if (next < ENTRY_SIZE) throw invalidParameter('NETWORK_INTERFACE_INFO: Next inside the entry');
    at += next;
  }
}
