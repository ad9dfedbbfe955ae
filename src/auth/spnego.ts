// SPNEGO tokens (RFC 4178, with the NegTokenInit2 extension of MS-SPNG 2.2.1). The initiator's first token
// is framed as a GSS-API InitialContextToken (RFC 2743 3.1); later tokens are bare NegTokenResp.
// Malformed input is NtStatusError(INVALID_PARAMETER).

import * as asn1js from 'asn1js';
import { NtStatus, NtStatusError } from '../protocol/status.ts';

export const MechOid = {
  SPNEGO: '1.3.6.1.5.5.2',
  NTLMSSP: '1.3.6.1.4.1.311.2.2.10',
  KERBEROS: '1.2.840.113554.1.2.2',
  /** The Kerberos OID with the truncation bug older Windows clients send (MS-KILE 3.1.5.11). */
  MS_KERBEROS: '1.2.840.48018.1.2.2',
} as const;

/** NegTokenResp negState (RFC 4178 4.2.2). */
export const NegState = {
  ACCEPT_COMPLETED: 0,
  ACCEPT_INCOMPLETE: 1,
  REJECT: 2,
  REQUEST_MIC: 3,
} as const;

/** The hint Windows and Samba put in NegTokenInit2 (MS-SPNG 3.2.5.2): clients must ignore it. */
export const NEG_HINT_NAME = 'not_defined_in_RFC4178@please_ignore';

export interface NegHints {
  hintName?: string;
  hintAddress?: Buffer;
}

/** NegTokenInit (RFC 4178 4.2.1) or NegTokenInit2 (MS-SPNG 2.2.1). */
export interface NegTokenInit {
  mechTypes: string[];
  /** The DER MechTypeList exactly as received: what a mechListMIC covers (RFC 4178 5). */
  mechTypesDer: Buffer;
  mechToken?: Buffer;
  negHints?: NegHints;
  mechListMIC?: Buffer;
}

/** NegTokenResp (RFC 4178 4.2.2). */
export interface NegTokenResp {
  negState?: number;
  supportedMech?: string;
  responseToken?: Buffer;
  mechListMIC?: Buffer;
}

export type NegotiationToken = { kind: 'init'; token: NegTokenInit } | { kind: 'resp'; token: NegTokenResp };

const CONTEXT = 3;
const APPLICATION = 2;

function invalid(why: string): NtStatusError {
  return new NtStatusError(NtStatus.INVALID_PARAMETER, `SPNEGO: ${why}`);
}

function parse(bytes: Buffer): asn1js.BaseBlock {
  const { offset, result } = asn1js.fromBER(bytes);
  if (offset === -1) throw invalid(`undecodable BER (${result.error})`);
  if (offset !== bytes.length) throw invalid('trailing bytes after the token');
  return result as asn1js.BaseBlock;
}

function children(block: asn1js.BaseBlock): asn1js.BaseBlock[] {
  return block instanceof asn1js.Constructed ? block.valueBlock.value : [];
}

function isTag(block: asn1js.BaseBlock, tagClass: number, tagNumber: number): boolean {
  return block.idBlock.tagClass === tagClass && block.idBlock.tagNumber === tagNumber;
}

/**
 * The explicitly tagged members of a SEQUENCE, by context tag number. Tags must be distinct, ascending and
 * among `known`; each wraps exactly one value.
 */
function taggedMembers(seq: asn1js.BaseBlock, known: readonly number[], what: string): Map<number, asn1js.BaseBlock> {
  if (!(seq instanceof asn1js.Sequence)) throw invalid(`${what} is not a SEQUENCE`);
  const members = new Map<number, asn1js.BaseBlock>();
  let last = -1;
  for (const member of children(seq)) {
    const tag = member.idBlock.tagNumber;
    if (member.idBlock.tagClass !== CONTEXT || !known.includes(tag) || tag <= last) {
      throw invalid(`unexpected member in ${what}`);
    }
    const inner = children(member);
    if (!(member instanceof asn1js.Constructed) || inner.length !== 1) throw invalid(`malformed [${tag}] in ${what}`);
    members.set(tag, inner[0]!);
    last = tag;
  }
  return members;
}

function octets(block: asn1js.BaseBlock | undefined, what: string): Buffer | undefined {
  if (block === undefined) return undefined;
  if (!(block instanceof asn1js.OctetString)) throw invalid(`${what} is not an OCTET STRING`);
  return Buffer.from(block.getValue());
}

function oid(block: asn1js.BaseBlock, what: string): string {
  if (!(block instanceof asn1js.ObjectIdentifier)) throw invalid(`${what} is not an OBJECT IDENTIFIER`);
  return block.getValue();
}

function decodeMechTypeList(block: asn1js.BaseBlock): { mechTypes: string[]; mechTypesDer: Buffer } {
  if (!(block instanceof asn1js.Sequence)) throw invalid('mechTypes is not a SEQUENCE');
  return {
    mechTypes: children(block).map((m) => oid(m, 'MechType')),
    mechTypesDer: Buffer.from(block.valueBeforeDecodeView),
  };
}

function decodeNegHints(block: asn1js.BaseBlock): NegHints {
  const members = taggedMembers(block, [0, 1], 'negHints');
  const hints: NegHints = {};
  const name = members.get(0);
  if (name !== undefined) {
    if (!(name instanceof asn1js.GeneralString)) throw invalid('hintName is not a GeneralString');
    hints.hintName = name.valueBlock.value;
  }
  const address = octets(members.get(1), 'hintAddress');
  if (address !== undefined) hints.hintAddress = address;
  return hints;
}

function decodeNegTokenInitBody(block: asn1js.BaseBlock): NegTokenInit {
  // NegTokenInit has mechListMIC at [3]; NegTokenInit2 puts negHints at [3] and mechListMIC at [4].
  const members = taggedMembers(block, [0, 1, 2, 3, 4], 'NegTokenInit');
  const mechTypes = members.get(0);
  if (mechTypes === undefined) throw invalid('NegTokenInit without mechTypes');
  const reqFlags = members.get(1);
  if (reqFlags !== undefined && !(reqFlags instanceof asn1js.BitString)) throw invalid('reqFlags is not a BIT STRING');
  const init: NegTokenInit = decodeMechTypeList(mechTypes);
  const mechToken = octets(members.get(2), 'mechToken');
  if (mechToken !== undefined) init.mechToken = mechToken;
  const third = members.get(3);
  if (third instanceof asn1js.OctetString) {
    if (members.has(4)) throw invalid('two mechListMIC fields');
    init.mechListMIC = Buffer.from(third.getValue());
  } else if (third !== undefined) {
    init.negHints = decodeNegHints(third);
  }
  const mic = octets(members.get(4), 'mechListMIC');
  if (mic !== undefined) init.mechListMIC = mic;
  return init;
}

function decodeNegTokenRespBody(block: asn1js.BaseBlock): NegTokenResp {
  const members = taggedMembers(block, [0, 1, 2, 3], 'NegTokenResp');
  const resp: NegTokenResp = {};
  const negState = members.get(0);
  if (negState !== undefined) {
    if (!(negState instanceof asn1js.Enumerated)) throw invalid('negState is not ENUMERATED');
    resp.negState = negState.valueBlock.valueDec;
  }
  const supportedMech = members.get(1);
  if (supportedMech !== undefined) resp.supportedMech = oid(supportedMech, 'supportedMech');
  const responseToken = octets(members.get(2), 'responseToken');
  if (responseToken !== undefined) resp.responseToken = responseToken;
  const mic = octets(members.get(3), 'mechListMIC');
  if (mic !== undefined) resp.mechListMIC = mic;
  return resp;
}

/** A client token: the framed initial NegTokenInit, or a bare NegTokenResp. */
export function decodeNegotiationToken(bytes: Buffer): NegotiationToken {
  try {
    return decodeTop(parse(bytes));
  } catch (err) {
    // asn1js can throw on values it decoded but cannot interpret (an OID with a huge arc, say).
    if (err instanceof NtStatusError) throw err;
    throw invalid(err instanceof Error ? err.message : 'undecodable token');
  }
}

function decodeTop(top: asn1js.BaseBlock): NegotiationToken {
  if (isTag(top, APPLICATION, 0)) {
    // InitialContextToken ::= [APPLICATION 0] IMPLICIT SEQUENCE { thisMech MechType, innerContextToken ANY }
    const [thisMech, inner, ...rest] = children(top);
    if (thisMech === undefined || inner === undefined || rest.length > 0) throw invalid('malformed InitialContextToken');
    if (oid(thisMech, 'thisMech') !== MechOid.SPNEGO) throw invalid('InitialContextToken is not SPNEGO');
    if (!isTag(inner, CONTEXT, 0) || children(inner).length !== 1) throw invalid('initial token is not a NegTokenInit');
    return { kind: 'init', token: decodeNegTokenInitBody(children(inner)[0]!) };
  }
  if (isTag(top, CONTEXT, 1) && children(top).length === 1) {
    return { kind: 'resp', token: decodeNegTokenRespBody(children(top)[0]!) };
  }
  throw invalid('neither an InitialContextToken nor a NegTokenResp');
}

function tagged(tagNumber: number, value: asn1js.BaseBlock): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: CONTEXT, tagNumber }, value: [value] });
}

function der(block: asn1js.BaseBlock): Buffer {
  return Buffer.from(block.toBER());
}

function mechTypeList(mechTypes: readonly string[]): asn1js.Sequence {
  return new asn1js.Sequence({ value: mechTypes.map((m) => new asn1js.ObjectIdentifier({ value: m })) });
}

/** The DER MechTypeList that a mechListMIC covers when the list was ours. */
export function encodeMechTypeList(mechTypes: readonly string[]): Buffer {
  return der(mechTypeList(mechTypes));
}

/**
 * The acceptor's unsolicited NegTokenInit2 (MS-SPNG 2.2.1, 3.2.5.2) framed as an InitialContextToken,
 * as sent in the SMB2 NEGOTIATE response.
 */
export function encodeNegTokenInit2(init: { mechTypes: readonly string[]; hintName?: string }): Buffer {
  const members: asn1js.BaseBlock[] = [tagged(0, mechTypeList(init.mechTypes))];
  if (init.hintName !== undefined) {
    const hints = new asn1js.Sequence({ value: [tagged(0, new asn1js.GeneralString({ value: init.hintName }))] });
    members.push(tagged(3, hints));
  }
  const token = new asn1js.Constructed({
    idBlock: { tagClass: APPLICATION, tagNumber: 0 },
    value: [new asn1js.ObjectIdentifier({ value: MechOid.SPNEGO }), tagged(0, new asn1js.Sequence({ value: members }))],
  });
  return der(token);
}

/** A bare NegTokenResp ([1] NegTokenResp, RFC 4178 4.2). */
export function encodeNegTokenResp(resp: NegTokenResp): Buffer {
  const members: asn1js.BaseBlock[] = [];
  if (resp.negState !== undefined) members.push(tagged(0, new asn1js.Enumerated({ value: resp.negState })));
  if (resp.supportedMech !== undefined) {
    members.push(tagged(1, new asn1js.ObjectIdentifier({ value: resp.supportedMech })));
  }
  if (resp.responseToken !== undefined) members.push(tagged(2, new asn1js.OctetString({ valueHex: resp.responseToken })));
  if (resp.mechListMIC !== undefined) members.push(tagged(3, new asn1js.OctetString({ valueHex: resp.mechListMIC })));
  return der(tagged(1, new asn1js.Sequence({ value: members })));
}

/** A NegTokenInit framed as an initiator's InitialContextToken (RFC 4178 4.2.1). */
export function encodeNegTokenInit(init: { mechTypes: readonly string[]; mechToken?: Buffer; mechListMIC?: Buffer }): Buffer {
  const members: asn1js.BaseBlock[] = [tagged(0, mechTypeList(init.mechTypes))];
  if (init.mechToken !== undefined) members.push(tagged(2, new asn1js.OctetString({ valueHex: init.mechToken })));
  if (init.mechListMIC !== undefined) members.push(tagged(3, new asn1js.OctetString({ valueHex: init.mechListMIC })));
  const token = new asn1js.Constructed({
    idBlock: { tagClass: APPLICATION, tagNumber: 0 },
    value: [new asn1js.ObjectIdentifier({ value: MechOid.SPNEGO }), tagged(0, new asn1js.Sequence({ value: members }))],
  });
  return der(token);
}
