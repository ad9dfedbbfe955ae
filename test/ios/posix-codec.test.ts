// The encoding of the POSIX driver's per-object DOS information (src/ios/posix/metadata/codec.ts): a format of
// this project, so the vectors are built here from its description.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeDosInfo, encodeDosInfo } from '../../src/ios/posix/metadata/codec.ts';
import type { DosInfo } from '../../src/ios/posix/metadata/codec.ts';

test('every field round-trips, mtimes before 1970 and after 2262 included', () => {
  for (const mtimeNs of [-63_158_399_999_999_999n, 0n, 1_795_278_226_299_843_870n, 15_032_385_535_000_000_123n]) {
    const info: DosInfo = {
      attributes: 0x26,
      creationTime: 131_313_131_313_131_313n,
      changeTime: { time: 266_768_591_350_000_000n, basis: { mtimeNs, size: (1n << 40n) + 3n, mode: 0o100644, nlink: 2 } },
      eaSize: 36,
    };
    assert.equal(decodeDosInfo(encodeDosInfo(info)), info);
  }
  assert.equal(decodeDosInfo(encodeDosInfo({ eaSize: 17 })), { eaSize: 17 });
});

test('the 14-byte layout without change time and EA size still reads', () => {
  // version 1, flags ATTRIBUTES | CREATION_TIME, attributes 0x02 (HIDDEN), creation time 0x01d2_8c6f_0000_0000.
  const value = Buffer.from('010302000000' + '00000000 6f8cd201'.replace(' ', ''), 'hex');
  assert.equal(decodeDosInfo(value), { attributes: 2, creationTime: 0x01d2_8c6f_0000_0000n });
  assert.equal(encodeDosInfo({ attributes: 2, creationTime: 0x01d2_8c6f_0000_0000n }), value);
});

test('values that do not decode read as nothing', () => {
  const whole = encodeDosInfo({ attributes: 2, eaSize: 4 });
  assert.equal(decodeDosInfo(whole.subarray(0, whole.length - 1)), {}, 'cut short');
  assert.equal(decodeDosInfo(Buffer.concat([whole, Buffer.of(0)])), {}, 'too long');
  const unknownFlag = Buffer.from(whole);
  unknownFlag[1]! |= 0x80;
  assert.equal(decodeDosInfo(unknownFlag), {}, 'a flag of a later format');
  const otherVersion = Buffer.from(whole);
  otherVersion[0] = 2;
  assert.equal(decodeDosInfo(otherVersion), {});
  assert.equal(decodeDosInfo(undefined), {});
});

test.run();
