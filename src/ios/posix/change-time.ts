// ChangeTime of POSIX objects. POSIX has the ctime, which moves with every change of data or metadata as
// ChangeTime does (MS-FSA 2.1.5), but cannot be set: a ChangeTime a client sets (FileBasicInformation) is
// stored in the object's metadata instead, and reported while the object stays as it was when the time was
// stored. The stored time cannot be tied to the ctime itself, because writing an xattr moves it (so storing the
// time would void it at once); it is tied to the fields that move with every change of data (mtime, size),
// permissions (mode) and names (link count), which metadata writes leave alone. Changes the driver makes to
// what those fields do not show (attributes, EAs, descriptors, renames) replace the stored time themselves
// (metadata/object-metadata.ts).

import type { BigIntStats } from 'node:fs';
import type { FileTime } from '../types.ts';
import type { ChangeBasis, StoredChangeTime } from './metadata/codec.ts';
import { fileTimeFromNs } from './times.ts';

const MAX_U32 = 0xffff_ffffn;

export function changeBasisOf(stats: BigIntStats): ChangeBasis {
  return { mtimeNs: stats.mtimeNs, size: stats.size, mode: Number(stats.mode), nlink: Number(stats.nlink > MAX_U32 ? MAX_U32 : stats.nlink) };
}

function sameBasis(a: ChangeBasis, b: ChangeBasis): boolean {
  return a.mtimeNs === b.mtimeNs && a.size === b.size && a.mode === b.mode && a.nlink === b.nlink;
}

/** The ChangeTime to report: the stored one while the object is unchanged since, else the ctime. */
export function changeTimeOf(stats: BigIntStats, stored: StoredChangeTime | undefined): FileTime {
  if (stored !== undefined && sameBasis(stored.basis, changeBasisOf(stats))) return stored.time;
  return fileTimeFromNs(stats.ctimeNs);
}
