// Security descriptors are opaque to drivers (the server builds and checks them, MS-DTYP 2.4.6); drivers only
// refuse what cannot be one, so a client cannot park arbitrary amounts of data in them.

import { DriverError } from './types.ts';

/** A self-relative descriptor holds at most four ACLs of 64 KiB each plus a header and two SIDs. */
const MAX_SECURITY_DESCRIPTOR = 5 * 65536;

export function checkSecurityDescriptor(descriptor: Buffer): void {
  if (descriptor.length === 0 || descriptor.length > MAX_SECURITY_DESCRIPTOR) {
    throw new DriverError('invalid-parameter', 'not a plausible security descriptor length');
  }
}
