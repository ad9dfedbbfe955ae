// The worked examples of MS-NLMP section 4.2 (values transcribed from the specification).

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** MS-NLMP 4.2.1 Common Values. */
export const common = {
  user: 'User',
  userDom: 'Domain',
  password: 'Password',
  serverName: 'Server',
  workstation: 'COMPUTER',
  randomSessionKey: Buffer.alloc(16, 0x55),
  time: 0n,
  clientChallenge: Buffer.alloc(8, 0xaa),
  serverChallenge: hex('0123456789abcdef'),
};

/** MS-NLMP 4.2.2.1.2 NTOWFv1(): the NT hash of "Password". */
export const ntowfv1 = hex('a4f49c406510bdcab6824ee7c30fd852');

/** MS-NLMP 4.2.4 NTLMv2 Authentication. */
export const v2 = {
  /** 4.2.4 challenge flags. */
  challengeFlags: 0xe28a8233,
  /** 4.2.4.1.1 NTOWFv2() and LMOWFv2(). */
  responseKeyNT: hex('0c868a403bfd7a93a3001ef22ef02e3f'),
  /** 4.2.4.1.2 Session Base Key. */
  sessionBaseKey: hex('8de40ccadbc14a82f15cb0ad0de95ca3'),
  /** 4.2.4.2.2 NTLMv2 Response: the NTProofStr. */
  ntProofStr: hex('68cd0ab851e51c96aabc927bebef6a1c'),
  /** 4.2.4.2.3 Encrypted Session Key. */
  encryptedSessionKey: hex('c5dad2544fc9799094ce1ce90bc9d03e'),
  /** 4.2.4.3 CHALLENGE_MESSAGE. */
  challengeMessage: hex(`
    4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000
    24002400 44000000 060070170000000f 530065007200760065007200
    02000c0044006f006d00610069006e00 01000c0053006500720076006500720000000000`),
  /** 4.2.4.3 AUTHENTICATE_MESSAGE. */
  authenticateMessage: hex(`
    4e544c4d53535000 03000000 18001800 6c000000 54005400 84000000 0c000c00 48000000
    08000800 54000000 10001000 5c000000 10001000 d8000000 358288e2 0501280a0000000f
    44006f006d00610069006e00 5500730065007200 43004f004d0050005500540045005200
    86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa
    68cd0ab851e51c96aabc927bebef6a1c 0101000000000000 0000000000000000 aaaaaaaaaaaaaaaa 00000000
    02000c0044006f006d00610069006e00 01000c0053006500720076006500720000000000 00000000
    c5dad2544fc9799094ce1ce90bc9d03e`),
  /** 4.2.4.4 GSS_WrapEx Examples: client-to-server keys, and "Plaintext" sealed with sequence number 0. */
  clientSigningKey: hex('4788dc861b4782f35d43fd98fe1a2d39'),
  clientSealingKey: hex('59f600973cc4960a25480a7c196e4c58'),
  plaintext: Buffer.from('Plaintext', 'utf16le'),
  sealed: hex('54e50165bf1936dc996020c1811b0f06fb5f'),
  signature: hex('010000007fb38ec5c55d497600000000'),
};
