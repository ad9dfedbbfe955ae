// One QUERY_DIRECTORY entry (MS-SMB2 3.3.5.18, MS-FSCC 2.4 directory classes) from a driver's directory
// entry: the times as clients see them (write-time.ts), and the 8.3 short name for the *Both* classes.

import type { DirectoryEntryInfo } from '../../protocol/fscc/directory-info.ts';
import { FileInformationClass as C } from '../../protocol/fscc/info-class.ts';
import type { DirectoryEntry } from '../../ios/types.ts';
import type { ServerState } from '../state/server-state.ts';
import type { Share } from '../state/share.ts';
import { shortNameOf } from './short-names.ts';
import { reportedStat } from './write-time.ts';
import { networkOpenInformation } from './network-open.ts';

const CLASSES_WITH_SHORT_NAME: ReadonlySet<number> = new Set([
  C.FileBothDirectoryInformation,
  C.FileIdBothDirectoryInformation,
  C.FileId64ExtdBothDirectoryInformation,
  C.FileIdAllExtdBothDirectoryInformation,
]);

/** EaSize is what the driver's stat says (FileStat.eaSize): reading every entry's EAs would make listings slow. */
export function directoryEntryInfo(server: ServerState, share: Share, entry: DirectoryEntry, fileIndex: number, infoClass: number): DirectoryEntryInfo {
  const s = reportedStat(server, share, entry.stat);
  const dots = entry.name === '.' || entry.name === '..';
  return {
    fileIndex,
    ...networkOpenInformation(s),
    eaSize: s.eaSize ?? 0,
    fileId: s.fileId,
    fileName: entry.name,
    ...(CLASSES_WITH_SHORT_NAME.has(infoClass) && !dots ? { shortName: shortNameOf(entry.name) ?? '' } : {}),
  };
}
