// Extended attribute rules shared by the bundled drivers: what a well-formed EA is and how a set of changes
// applies to the stored list (MS-FSA 2.1.5.15.5, FileFullEaInformation).

import { fullEaListSize } from '../protocol/fscc/ea.ts';
import { DriverError } from './types.ts';
import type { ExtendedAttribute } from './types.ts';

/** MS-FSCC 2.4.15 FILE_NEED_EA: the file cannot be understood without its EAs. */
export const FILE_NEED_EA = 0x80;
/** EaNameLength is one byte, EaValueLength two (MS-FSCC 2.4.15). */
const MAX_EA_NAME_LENGTH = 255;
const MAX_EA_VALUE_LENGTH = 0xffff;

/** Throws invalid-parameter for an EA the FILE_FULL_EA_INFORMATION format cannot carry. */
export function checkExtendedAttribute(ea: ExtendedAttribute): void {
  // Names are printable ASCII: the wire format has no encoding for anything else.
  if (ea.name.length === 0 || ea.name.length > MAX_EA_NAME_LENGTH || !/^[\x20-\x7e]+$/.test(ea.name)) {
    throw new DriverError('invalid-parameter', `invalid EA name ${JSON.stringify(ea.name)}`);
  }
  if (ea.value.length > MAX_EA_VALUE_LENGTH) throw new DriverError('invalid-parameter', 'EA value longer than 65535 bytes');
  if ((ea.flags & ~FILE_NEED_EA) !== 0) throw new DriverError('invalid-parameter', `invalid EA flags 0x${ea.flags.toString(16)}`);
}

/** EA names compare without regard to ASCII case (MS-FSA 2.1.5.15.5), though each keeps the case it was set with. */
export function sameEaName(a: string, b: string): boolean {
  return a.length === b.length && a.toUpperCase() === b.toUpperCase();
}

/**
 * The list after applying `changes` in order: each replaces an EA of the same name, and one with an empty value
 * only removes it. Inputs are validated first, so a bad entry changes nothing.
 */
export function applyExtendedAttributes(current: readonly ExtendedAttribute[], changes: readonly ExtendedAttribute[]): ExtendedAttribute[] {
  for (const change of changes) checkExtendedAttribute(change);
  let result = current.map(copyEa);
  for (const change of changes) {
    result = result.filter((ea) => !sameEaName(ea.name, change.name));
    if (change.value.length > 0) result.push(copyEa(change));
  }
  return result;
}

/** Drivers hand out and keep their own copies, so callers may reuse their buffers. */
export function copyEa(ea: ExtendedAttribute): ExtendedAttribute {
  return { name: ea.name, value: Buffer.from(ea.value), flags: ea.flags };
}

/** MS-FSCC 2.4.12 EaSize: the bytes the EAs take as a FILE_FULL_EA_INFORMATION list (FileStat.eaSize). */
export function extendedAttributesSize(eas: readonly ExtendedAttribute[]): number {
  return fullEaListSize(eas);
}
