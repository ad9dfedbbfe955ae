import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  FileInformationClass as C,
  FsInformationClass as F,
  fileInformationClassName,
  fsInformationClassName,
} from '../../../src/protocol/fscc/info-class.ts';

test('the QUERY_DIRECTORY classes of MS-SMB2 2.2.33 have their MS-FSCC 2.4 numbers', () => {
  assert.equal(
    [
      C.FileDirectoryInformation,
      C.FileFullDirectoryInformation,
      C.FileIdFullDirectoryInformation,
      C.FileBothDirectoryInformation,
      C.FileIdBothDirectoryInformation,
      C.FileNamesInformation,
      C.FileIdExtdDirectoryInformation,
      C.FileId64ExtdDirectoryInformation,
      C.FileId64ExtdBothDirectoryInformation,
      C.FileIdAllExtdDirectoryInformation,
      C.FileIdAllExtdBothDirectoryInformation,
    ],
    [0x01, 0x02, 0x26, 0x03, 0x25, 0x0c, 0x3c, 0x4e, 0x4f, 0x50, 0x51],
  );
});

test('numbers are unique and names resolve both ways', () => {
  for (const table of [C, F]) {
    const values = Object.values(table);
    assert.is(new Set(values).size, values.length);
  }
  assert.is(fileInformationClassName(C.FileAllInformation), 'FileAllInformation');
  assert.is(fileInformationClassName(200), 'FileInformationClass(200)');
  assert.is(fsInformationClassName(F.FileFsSectorSizeInformation), 'FileFsSectorSizeInformation');
  assert.is(fsInformationClassName(0), 'FsInformationClass(0)');
});

test.run();
