// MS-SMB2 3.3.5.15.11 Handling a Network Interface Information Request: the addresses a client may bind
// further channels on. A server listening on a wildcard address reports every address the host has; one
// bound to specific addresses reports those.

import os from 'node:os';
import { encodeNetworkInterfaceInfo, type NetworkInterfaceInfo } from '../../protocol/fsctl/network-interface-info.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { FsctlResult } from './index.ts';

/** node:os does not report link speed; 10 Gbit/s is what the loopback and most server NICs carry. */
const LINK_SPEED = 10_000_000_000n;
const WILDCARD = new Set(['0.0.0.0', '::', '']);

function hostInterfaces(listening: readonly { host: string }[]): NetworkInterfaceInfo[] {
  const wanted = new Set(listening.map((l) => l.host));
  const everything = [...wanted].some((h) => WILDCARD.has(h));
  const out: NetworkInterfaceInfo[] = [];
  let index = 0;
  for (const addresses of Object.values(os.networkInterfaces())) {
    index++;
    for (const a of addresses ?? []) {
      if (!everything && !wanted.has(a.address)) continue;
      out.push({
        ifIndex: a.family === 'IPv6' && a.scopeid ? a.scopeid : index,
        capability: 0,
        linkSpeed: LINK_SPEED,
        address: a.address,
        family: a.family,
        scopeId: a.family === 'IPv6' ? a.scopeid : undefined,
      });
    }
  }
  return out;
}

export async function queryNetworkInterfaceInfo(request: Smb2Request, body: IoctlRequest): Promise<FsctlResult> {
  const interfaces = hostInterfaces(request.server.options.listen);
  if (interfaces.length === 0) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'no interface carries the listening addresses');
  const output = encodeNetworkInterfaceInfo(interfaces);
  if (output.length > body.maxOutputResponse) throw new NtStatusError(NtStatus.BUFFER_TOO_SMALL);
  return { output };
}
