import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeTransformHeader, encodeTransformHeader, TRANSFORM_HEADER_SIZE } from '../../src/protocol/transform.ts';
import { ProtocolViolation } from '../../src/protocol/status.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const isViolation = (e: unknown): boolean => e instanceof ProtocolViolation;

// Transform header of an encrypted READ response sent by Windows Server 2016, from the Microsoft
// Open Specifications blog "SMB 3.1.1 Encryption in Windows 10", appendix A.1 (followed here by the
// first bytes of its ciphertext).
const WINDOWS_FRAME = hex(`FD534D427F714B3B9D8FA1198584E71C2BAA1CB6E16831DD2E8EB7B4000000000000000067000000
                           000001002500000000100000FECEDF4D03BB11A6CC5D8A53BE33D6D8`);

test('decodes a Windows transform header', () => {
  const h = decodeTransformHeader(WINDOWS_FRAME);
  assert.is(h.signature.toString('hex'), '7f714b3b9d8fa1198584e71c2baa1cb6');
  assert.is(h.nonce.toString('hex'), 'e16831dd2e8eb7b40000000000000000');
  assert.is(h.originalMessageSize, 0x67);
  assert.is(h.flags, 0x0001);
  assert.is(h.sessionId, 0x100000000025n);
});

test('encode reproduces the Windows header byte for byte', () => {
  const encoded = encodeTransformHeader(decodeTransformHeader(WINDOWS_FRAME));
  assert.is(encoded.length, TRANSFORM_HEADER_SIZE);
  assert.is(encoded.toString('hex'), WINDOWS_FRAME.subarray(0, TRANSFORM_HEADER_SIZE).toString('hex'));
});

test('round trip keeps every field, including a SessionId above 2^63', () => {
  const h = {
    signature: Buffer.alloc(16, 0xa1),
    nonce: Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'),
    originalMessageSize: 0xfffffffe,
    flags: 0x0001,
    sessionId: 0xfedcba9876543210n,
  };
  const d = decodeTransformHeader(encodeTransformHeader(h));
  assert.is(d.signature.toString('hex'), h.signature.toString('hex'));
  assert.is(d.nonce.toString('hex'), h.nonce.toString('hex'));
  assert.is(d.originalMessageSize, h.originalMessageSize);
  assert.is(d.flags, h.flags);
  assert.is(d.sessionId, h.sessionId);
});

test('Reserved is written as zero and ignored on decode', () => {
  const frame = Buffer.from(WINDOWS_FRAME);
  frame.writeUInt16LE(0xffff, 40);
  const h = decodeTransformHeader(frame);
  assert.is(h.flags, 0x0001);
  assert.is(encodeTransformHeader(h).readUInt16LE(40), 0);
});

test('every frame shorter than 52 bytes is a ProtocolViolation', () => {
  for (let length = 0; length < TRANSFORM_HEADER_SIZE; length++) {
    assert.throws(() => decodeTransformHeader(WINDOWS_FRAME.subarray(0, length)), isViolation, `length ${length}`);
  }
  assert.not.throws(() => decodeTransformHeader(WINDOWS_FRAME.subarray(0, TRANSFORM_HEADER_SIZE)));
});

test('a ProtocolId other than 0xFD "SMB" is a ProtocolViolation', () => {
  for (const first of [0xfe, 0xfc, 0xff, 0x00]) {
    const frame = Buffer.from(WINDOWS_FRAME);
    frame[0] = first;
    assert.throws(() => decodeTransformHeader(frame), isViolation);
  }
});

test('encode refuses a Signature or Nonce that is not 16 bytes', () => {
  const h = decodeTransformHeader(WINDOWS_FRAME);
  const isRangeError = (e: unknown): boolean => e instanceof RangeError;
  assert.throws(() => encodeTransformHeader({ ...h, signature: Buffer.alloc(15) }), isRangeError);
  assert.throws(() => encodeTransformHeader({ ...h, nonce: Buffer.alloc(12) }), isRangeError);
});

test.run();
