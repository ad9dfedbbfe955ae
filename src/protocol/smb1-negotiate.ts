// The one SMB1 message an SMB2 server reads: SMB_COM_NEGOTIATE (MS-CIFS 2.2.4.52.1, MS-SMB 2.2.4.5.1), sent by
// clients that also speak SMB1. Its dialect strings decide the multi-protocol negotiate of MS-SMB2 3.3.5.3.1:
// "SMB 2.002" and "SMB 2.???" ask for an SMB2 NEGOTIATE response. The server cannot answer a malformed SMB1
// message in SMB1, so anything malformed is a ProtocolViolation and the connection is dropped.

import { ProtocolId } from './constants.ts';
import { ProtocolViolation } from './status.ts';

export const SMB_COM_NEGOTIATE = 0x72;

/** Dialect strings MS-SMB2 3.3.5.3 looks for. */
export const Smb1Dialect = {
  NT_LM_0_12: 'NT LM 0.12',
  SMB_2_002: 'SMB 2.002',
  SMB_2_WILDCARD: 'SMB 2.???',
} as const;

/** MS-CIFS 2.2.3.1: Protocol, Command, Status, Flags, Flags2, PIDHigh, SecurityFeatures, Reserved, TID, PIDLow,
 * UID and MID. */
const SMB1_HEADER_SIZE = 32;
const COMMAND_AT = 4;
/** MS-CIFS 2.2.4.52.1: the BufferFormat byte before each dialect string. */
const DIALECT_BUFFER_FORMAT = 0x02;

/** Returns the DialectName strings of an SMB_COM_NEGOTIATE request, in the client's order. */
export function decodeSmb1NegotiateRequest(message: Buffer): string[] {
  if (message.length < SMB1_HEADER_SIZE + 3) throw new ProtocolViolation('SMB1 NEGOTIATE shorter than its header');
  if (message.readUInt32LE(0) !== ProtocolId.SMB1) throw new ProtocolViolation('not an SMB1 message');
  if (message[COMMAND_AT] !== SMB_COM_NEGOTIATE) throw new ProtocolViolation('SMB1 message is not SMB_COM_NEGOTIATE');
  const wordCount = message[SMB1_HEADER_SIZE];
  if (wordCount !== 0) throw new ProtocolViolation(`SMB1 NEGOTIATE WordCount ${wordCount}, expected 0`);
  const byteCount = message.readUInt16LE(SMB1_HEADER_SIZE + 1);
  const start = SMB1_HEADER_SIZE + 3;
  if (byteCount > message.length - start) throw new ProtocolViolation('SMB1 NEGOTIATE ByteCount beyond the message');
  const bytes = message.subarray(start, start + byteCount);
  const dialects: string[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes[pos] !== DIALECT_BUFFER_FORMAT) {
      throw new ProtocolViolation('SMB1 NEGOTIATE dialect without BufferFormat 0x02');
    }
    const nul = bytes.indexOf(0, pos + 1);
    if (nul < 0) throw new ProtocolViolation('SMB1 NEGOTIATE dialect string not NUL-terminated');
    // OEM strings; the dialects that matter here are ASCII.
    dialects.push(bytes.toString('latin1', pos + 1, nul));
    pos = nul + 1;
  }
  return dialects;
}
