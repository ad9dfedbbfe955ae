// The MS-FSCC 2.4.34 FileNetworkOpenInformation view of a driver's stat, which CREATE and CLOSE
// responses, directory entries and QUERY_INFO all report: directories carry no sizes, and an object
// without attributes is FILE_ATTRIBUTE_NORMAL (MS-FSCC 2.6).

import { FileAttributes } from '../../protocol/constants.ts';
import type { FileNetworkOpenInformation } from '../../protocol/fscc/file-info.ts';
import type { FileStat } from '../../ios/types.ts';

export function networkOpenInformation(stat: FileStat): FileNetworkOpenInformation {
  return {
    creationTime: stat.creationTime,
    lastAccessTime: stat.lastAccessTime,
    lastWriteTime: stat.lastWriteTime,
    changeTime: stat.changeTime,
    allocationSize: stat.isDirectory ? 0n : stat.allocationSize,
    endOfFile: stat.isDirectory ? 0n : stat.size,
    fileAttributes: stat.attributes || FileAttributes.NORMAL,
  };
}
