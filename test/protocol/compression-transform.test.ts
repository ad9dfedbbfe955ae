import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CompressionAlgorithm } from '../../src/protocol/constants.ts';
import { decodeCompressionTransform } from '../../src/protocol/compression-transform.ts';
import type { ChainedCompressionTransform, CompressionTransform, UnchainedCompressionTransform } from '../../src/protocol/compression-transform.ts';
import { ProtocolViolation } from '../../src/protocol/status.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const isViolation = (e: unknown): boolean => e instanceof ProtocolViolation;
function chained(t: CompressionTransform): ChainedCompressionTransform {
  assert.ok(t.chained);
  return t as ChainedCompressionTransform;
}

// Chained compressed messages that the smb-rs client project keeps as test vectors
// (AvivNaaman/smb-rs, crates/smb-msg/src/compressed.rs, "chained0", "multiple2" and "chained1").
// chained0's second payload header carries Flags 0xB975: receivers must not interpret those Flags.
const CHAINED0 = hex(`fc534d42700100000000010068000000fe534d4240000100000000001000010030000000000000009100000000000000
  fffe0000010000007d00002800300000000000000000000000000000000000002900010f2a0200006800000008010000
  0000000003000000ee0500000c0000008d0000000c000000000075b91a0000000000000015244d7045615f4432363241
  43363234343531323935040000000800000000000000ee000000`);
const MULTIPLE2 = hex(`fc534d42700100000000010068000000fe534d4240000100000000001000010030000000000000001e03000000000000
  fffe0000050000000900002c00300000000000000000000000000000000000002900010f2a0200006800000008010000
  0000000003000000110700000c000000690020000c000000000000001a0000000000000015244d7045615f4432363241
  43363234343531323935040000000800000000000000ee000000`);
const CHAINED1_LZ4_DATA = hex(`
  f2034d5a90000300000004000000ffff0000b8000
  100124007000f02000af32e200100000e1fba0e00b409cd21b8014ccd21546869732070726f677
  2616d2063616e6e6f742062652072756e20696e20444f53206d6f64652e0d0d0a245a0084a98ee
  eb9edef80ea0400d1996e86ebddef80ea9f6e83ebe81000b181ebe1ef80eabe9084ebec0800318
  3ebe320003181ebef3800b181eaadef80eae49713eaf010003180ea7f38004088eb5ee94000318
  5ebf310003184eb9008003183eba908001180500040996e7fea580031996e82100040526963684
  400039f00d4005045000064862400bbf4ba231400f10bf00022000b020e260090a60000e01d000
  0f061009002b100001022002040010700000c00561000000a00040001020030f044012800b126d
  1c2000100604100000817002200200700013500000200004000030200010b00c17014008fb3010
  028471400b86100f3144001288e030000700d00b4cf06000070c200b825000000904301dc5f000
  0101004007040000f02000120a05b4200071a0057401400f80610000b0200b22e7264617461000
  0305c0d91001360080007020062400000482e702800029400400d0000d09c00170d26000328001
  26928002224267c0023003008000702000150001265280000fc00630070140000c00800070200c
  14000004050524f54444154411b01223016a400000800070200005000a047464944530000002ca
  9700043160000b0080007020081400000425061643113006110090000f0160b000c0200f200800
  000422e746578740000000ba14cc5012db04c30008020000068504147454000f0008042440000b
  06c000050440000a063130005020040200000602800f5044c4b00001c6402000000b1000070020
  000f0a72400000200012800804f4f4c434f4445bef4012270b340012060aa1f00050200047800e
  04b440000ea5d000000a0b300006024020d2800017800605652465919150e048fb400002003000
  0f02800035048444c53760e032220b778002510ae740000020001a000904147454247465868694
  50321b7008d021e402800f1005452414345535550a319000000c0b73d002d00b02800014001b24
  34d5243f30e000000e0b7e0011dd0280050604b5641531801107e610413f0a0001de0280050684
  b534350ac0010607f032220b850002010af1300050200004001904452565052580000b71600133
  028001e20280050666f74686b240000ad03134028001e302800e0494e49544b444247a6f101000
  0506e054e020000402800904d494e4945580000bc20032250ba68012040b162000502004020000
  0625000001100ee1be009000080ba0000f0090000702800405061643228007100901b000070c40
  b000c020052800000622e6f03400080291c690100ed0449000060bb2b00f104400000c8414c4d4
  f5354524f409c00000030fc8d003d0050bc2800f2004341434845414c49008e000000d0fc20011
  e70280000f80200c0037250b401000060fd50001d80280010c02800e056524644503c01000020f
  f0000a0d8020e280000180100500030b41402f402017405390040bda00081200000c2506164331
  50061801d000080023f040c020090800000c2434647524fe30001a80521200170031a505000001
  8014150616434400050d01f00003022070e020080800000ca2e727372fe0301c4059d004001009
  0030000805000c1422e72656c6f630000dc5501dc0578006001000010c15500500040000042`);
const CHAINED1 = Buffer.concat([
  hex(`fc534d42501000000000010050000000fe534d424000010000000000080001001900000000000000070000000000000000000000
    010000001d00000000600000251698bc898e3e86aeb713557cfaf1bb1100500000100000000000000000000005000000f7040000c8070000`),
  CHAINED1_LZ4_DATA,
  hex('04000000080000000000000038080000'),
]);

test('chained: uncompressed header, uncompressed bytes and a Pattern_V1 run (chained0)', () => {
  const t = chained(decodeCompressionTransform(CHAINED0));
  assert.is(t.originalCompressedSegmentSize, 368);
  assert.equal(
    t.payloads.map((p) => [p.compressionAlgorithm, p.flags, p.originalPayloadSize, p.data.length]),
    [
      [CompressionAlgorithm.NONE, 0x0001, 104, 104],
      [CompressionAlgorithm.NONE, 0xb975, 26, 26],
      [CompressionAlgorithm.PATTERN_V1, 0x0000, 238, 8],
    ],
  );
  assert.is(t.payloads[0]!.data.readUInt32LE(0), 0x424d53fe, 'first payload is the SMB2 header');
  assert.is(t.payloads[2]!.data[0], 0x00, 'pattern byte');
});

test('chained: the same shape with zero Flags on later payloads (multiple2)', () => {
  const t = chained(decodeCompressionTransform(MULTIPLE2));
  assert.equal(t.payloads.map((p) => [p.compressionAlgorithm, p.flags, p.originalPayloadSize]), [
    [CompressionAlgorithm.NONE, 0x0001, 104],
    [CompressionAlgorithm.NONE, 0x0000, 26],
    [CompressionAlgorithm.PATTERN_V1, 0x0000, 238],
  ]);
});

test('chained: an LZ4 payload with OriginalPayloadSize (chained1)', () => {
  const t = chained(decodeCompressionTransform(CHAINED1));
  assert.is(t.originalCompressedSegmentSize, 4176);
  assert.equal(t.payloads.map((p) => [p.compressionAlgorithm, p.originalPayloadSize, p.data.length]), [
    [CompressionAlgorithm.NONE, 80, 80],
    [CompressionAlgorithm.LZ4, 0x7c8, CHAINED1_LZ4_DATA.length],
    [CompressionAlgorithm.PATTERN_V1, 0x838, 8],
  ]);
  assert.ok(t.payloads[1]!.data.equals(CHAINED1_LZ4_DATA));
  assert.is(t.payloads[1]!.data.buffer, CHAINED1.buffer, 'payload data is a view, not a copy');
});

// Laid out by hand from MS-SMB2 2.2.42.1 (no captured unchained message was available): LZNT1, a
// 4-byte uncompressed prefix, then the compressed segment.
const UNCHAINED = hex('fc534d42 00100000 0100 0000 04000000 deadbeef 0102030405');

test('unchained: algorithm, Offset prefix and compressed segment', () => {
  const t = decodeCompressionTransform(UNCHAINED);
  assert.not.ok(t.chained);
  const u = t as UnchainedCompressionTransform;
  assert.is(u.originalCompressedSegmentSize, 0x1000);
  assert.is(u.compressionAlgorithm, CompressionAlgorithm.LZNT1);
  assert.is(u.offset, 4);
  assert.is(u.uncompressedData.toString('hex'), 'deadbeef');
  assert.is(u.compressedData.toString('hex'), '0102030405');
});

test('unchained: NONE, Pattern_V1 and unknown algorithms are refused', () => {
  for (const algorithm of [CompressionAlgorithm.NONE, CompressionAlgorithm.PATTERN_V1, 6, 0xffff]) {
    const frame = Buffer.from(UNCHAINED);
    frame.writeUInt16LE(algorithm, 8);
    assert.throws(() => decodeCompressionTransform(frame), isViolation, `algorithm ${algorithm}`);
  }
});

test('unchained: an Offset past the end of the frame is refused', () => {
  const frame = Buffer.from(UNCHAINED);
  frame.writeUInt32LE(10, 12);
  assert.throws(() => decodeCompressionTransform(frame), isViolation);
  frame.writeUInt32LE(0xffffffff, 12);
  assert.throws(() => decodeCompressionTransform(frame), isViolation);
  frame.writeUInt32LE(9, 12);
  assert.is(decodeCompressionTransform(frame).chained, false, 'Offset reaching exactly the end is fine');
});

test('every truncation of a valid frame is a ProtocolViolation, never a crash', () => {
  for (const frame of [CHAINED0, CHAINED1]) {
    for (let length = 0; length < frame.length; length++) {
      assert.throws(() => decodeCompressionTransform(frame.subarray(0, length)), isViolation, `length ${length}`);
    }
  }
});

test('chained: sizes that disagree with OriginalCompressedSegmentSize are refused', () => {
  const larger = Buffer.from(CHAINED0);
  larger.writeUInt32LE(369, 4);
  assert.throws(() => decodeCompressionTransform(larger), isViolation);
  const hugeRun = Buffer.from(CHAINED0);
  hugeRun.writeUInt32LE(0xffffffff, hugeRun.length - 4); // Pattern_V1 Repetitions
  assert.throws(() => decodeCompressionTransform(hugeRun), isViolation);
});

test('chained: bad payload headers are refused', () => {
  const patternLength = Buffer.from(CHAINED0);
  patternLength.writeUInt32LE(9, CHAINED0.length - 12); // Pattern_V1 Length must be 8
  assert.throws(() => decodeCompressionTransform(patternLength), isViolation);
  const unknownAlgorithm = Buffer.from(CHAINED0);
  unknownAlgorithm.writeUInt16LE(0x0009, CHAINED0.length - 16);
  assert.throws(() => decodeCompressionTransform(unknownAlgorithm), isViolation);
  const lengthPastEnd = Buffer.from(MULTIPLE2);
  lengthPastEnd.writeUInt32LE(0x7fffffff, 12);
  assert.throws(() => decodeCompressionTransform(lengthPastEnd), isViolation);
});

test('header: wrong ProtocolId or Flags are refused', () => {
  const protocol = Buffer.from(CHAINED0);
  protocol[0] = 0xfd;
  assert.throws(() => decodeCompressionTransform(protocol), isViolation);
  const flags = Buffer.from(UNCHAINED);
  flags.writeUInt16LE(2, 10);
  assert.throws(() => decodeCompressionTransform(flags), isViolation);
});

test('seeded random frames only ever parse or throw ProtocolViolation', () => {
  let seed = 0x2c1b3c6d;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
  for (let i = 0; i < 5000; i++) {
    const frame = Buffer.from(i % 2 ? CHAINED0 : UNCHAINED);
    for (let flips = 1 + (next() % 4); flips > 0; flips--) frame[next() % frame.length] = next() & 0xff;
    try {
      decodeCompressionTransform(frame.subarray(0, next() % (frame.length + 1)));
    } catch (e) {
      assert.ok(e instanceof ProtocolViolation, String(e));
    }
  }
});

test.run();
