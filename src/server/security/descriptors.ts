// Where an object's security descriptor comes from: the driver's store (IOS SDK getSecurityDescriptor)
// when it has one, otherwise the share's default descriptor.

import { decodeSecurityDescriptor, type SecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { DriverError, type ClientContext, type DriverHandle, type ShareDriver } from '../../ios/types.ts';
import { NtStatusError } from '../../protocol/status.ts';
import { statusForDriverError } from '../driver-status.ts';
import type { Share } from '../state/share.ts';
import { defaultSecurityDescriptor } from './default-descriptor.ts';

/** Whether the driver keeps descriptors (capability and both hooks present). */
export function storesDescriptors(driver: ShareDriver, handle?: DriverHandle): boolean {
  if (!driver.capabilities.securityDescriptors) return false;
  return handle === undefined || (handle.getSecurityDescriptor !== undefined && handle.setSecurityDescriptor !== undefined);
}

export function shareDefaultDescriptor(share: Share): SecurityDescriptor {
  return defaultSecurityDescriptor({ owner: share.owner, stored: share.driver !== undefined && storesDescriptors(share.driver) });
}

/** The descriptor in force for the object an open handle refers to. */
export async function descriptorOfHandle(share: Share, handle: DriverHandle, ctx: ClientContext): Promise<SecurityDescriptor> {
  if (!share.driver || !storesDescriptors(share.driver, handle)) return shareDefaultDescriptor(share);
  const stored = await handle.getSecurityDescriptor!(ctx);
  return stored ? decodeSecurityDescriptor(stored) : shareDefaultDescriptor(share);
}

/**
 * The descriptor of the object at `path`, read through a handle opened only for that (no access is
 * checked by opening and nothing is changed). Drivers without a store answer without being asked.
 */
export async function descriptorAt(share: Share, ctx: ClientContext, path: readonly string[], isDirectory: boolean): Promise<SecurityDescriptor> {
  const driver = share.driver!;
  if (!storesDescriptors(driver)) return shareDefaultDescriptor(share);
  let opened;
  try {
    opened = await driver.open(ctx, path, { disposition: 'open', directory: isDirectory, nonDirectory: !isDirectory, write: false, attributes: 0 });
  } catch (error) {
    if (error instanceof DriverError) throw new NtStatusError(statusForDriverError(error.code, 'open'), error.message);
    throw error;
  }
  try {
    return await descriptorOfHandle(share, opened.handle, ctx);
  } finally {
    await opened.handle.close(ctx);
  }
}
