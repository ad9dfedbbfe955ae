// The SMB2_CREATE_EA_BUFFER context ("ExtA", MS-SMB2 2.2.13.2.1): extended attributes for the file a CREATE
// creates, overwrites or supersedes (MS-FSA 2.1.5.1.1 / 2.1.5.1.2.1 EaBuffer).

import { CreateContextName, type CreateContext } from '../../protocol/create-contexts.ts';
import { decodeFullEaList } from '../../protocol/fscc/ea.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { ClientContext, CreateResult, DriverHandle, ExtendedAttribute, ShareDriver } from '../../ios/types.ts';

/**
 * The EAs the request carries, validated (malformed lists fail the CREATE before anything is opened);
 * undefined without an ExtA context. A share without EA support refuses them with STATUS_EAS_NOT_SUPPORTED
 * (MS-SMB2 3.3.5.9.2). Entries with empty values would only remove EAs, which a new file has none of.
 */
export function requestedEas(contexts: readonly CreateContext[], driver: ShareDriver): ExtendedAttribute[] | undefined {
  const context = contexts.find((c) => c.name === CreateContextName.EA_BUFFER);
  if (!context) return undefined;
  if (!driver.capabilities.extendedAttributes) throw new NtStatusError(NtStatus.EAS_NOT_SUPPORTED);
  return decodeFullEaList(context.data).filter((ea) => ea.value.length > 0);
}

/**
 * Drivers store OpenOptions.extendedAttributes with the objects they create; an object the CREATE overwrote
 * or superseded gets them through the handle.
 */
export async function applyEasAfterOverwrite(handle: DriverHandle, ctx: ClientContext, result: CreateResult, eas: readonly ExtendedAttribute[] | undefined): Promise<void> {
  if (!eas || eas.length === 0 || (result !== 'overwritten' && result !== 'superseded') || !handle.setExtendedAttributes) return;
  await handle.setExtendedAttributes(ctx, eas);
}
