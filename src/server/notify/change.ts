// One change to a share, in the terms of MS-FSA 2.1.4.1 (reporting a change notification): the action
// (MS-FSCC 2.7.1), the object's share-relative path, and FilterMatch, the CompletionFilter bits (MS-SMB2
// 2.2.35) of which a watch must hold one to see the change.

import { CompletionFilter as F } from '../../protocol/constants.ts';

export interface ChangeEvent {
  /** FILE_ACTION_* */
  action: number;
  path: readonly string[];
  /** The named stream, for the *_STREAM actions. */
  stream?: string;
  /** FILE_NOTIFY_CHANGE_* bits describing what changed. */
  filterMatch: number;
}

/** A name appearing or disappearing: FILE_NAME for files, DIR_NAME for directories, both when unknown. */
export function nameFilter(isDirectory: boolean | undefined): number {
  if (isDirectory === undefined) return F.FILE_NOTIFY_CHANGE_FILE_NAME | F.FILE_NOTIFY_CHANGE_DIR_NAME;
  return isDirectory ? F.FILE_NOTIFY_CHANGE_DIR_NAME : F.FILE_NOTIFY_CHANGE_FILE_NAME;
}
