// SET_INFO SMB2_0_INFO_SECURITY (MS-SMB2 3.3.5.21.3, MS-FSA 2.1.5.17): merging the parts SecurityInformation
// names from a client's descriptor into the stored one, and the access each part needs.
//
// A DACL set without DACL_PRESENT is a NULL DACL. DACL_AUTO_INHERITED is kept only when the client also
// sets DACL_AUTO_INHERIT_REQ, and the _REQ bit itself is never stored (SetPrivateObjectSecurityEx with
// SEF_DACL_AUTO_INHERIT, as Windows file systems call it); the same holds for the SACL. Generic rights in
// ACEs that apply to the object are mapped to file rights; inherit-only ACEs keep them for their children.
// A descriptor without an owner or group leaves that part as it was.

import { AccessMask } from '../../protocol/constants.ts';
import { AceFlags, AceType, type Ace } from '../../protocol/dtyp/ace.ts';
import type { Acl } from '../../protocol/dtyp/acl.ts';
import { SdControl, SecurityInformation as SI, type SecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { mapGenericRights } from '../access.ts';
import { aclRevisionOf } from './inheritance.ts';

/** MS-SMB2 3.3.5.21.3: the access the open needs to set these parts. */
export function accessToSet(info: number): number {
  let access = 0;
  if (info & (SI.OWNER | SI.GROUP | SI.LABEL)) access |= AccessMask.WRITE_OWNER;
  if (info & SI.DACL) access |= AccessMask.WRITE_DAC;
  if (info & SI.SACL) access |= AccessMask.ACCESS_SYSTEM_SECURITY;
  return access;
}

function mapAcl(acl: Acl | undefined): Acl | undefined {
  if (!acl) return undefined;
  const aces = acl.aces.map((a): Ace => (a.kind === 'sid' && !(a.flags & AceFlags.INHERIT_ONLY) ? { ...a, mask: mapGenericRights(a.mask) } : a));
  return { revision: acl.revision, aces };
}

interface AclBits {
  present: number;
  defaulted: number;
  autoInheritReq: number;
  autoInherited: number;
  protected: number;
  protect: number;
  unprotect: number;
}

const DACL_BITS: AclBits = {
  present: SdControl.DACL_PRESENT,
  defaulted: SdControl.DACL_DEFAULTED,
  autoInheritReq: SdControl.DACL_AUTO_INHERIT_REQ,
  autoInherited: SdControl.DACL_AUTO_INHERITED,
  protected: SdControl.DACL_PROTECTED,
  protect: SI.PROTECTED_DACL,
  unprotect: SI.UNPROTECTED_DACL,
};

const SACL_BITS: AclBits = {
  present: SdControl.SACL_PRESENT,
  defaulted: SdControl.SACL_DEFAULTED,
  autoInheritReq: SdControl.SACL_AUTO_INHERIT_REQ,
  autoInherited: SdControl.SACL_AUTO_INHERITED,
  protected: SdControl.SACL_PROTECTED,
  protect: SI.PROTECTED_SACL,
  unprotect: SI.UNPROTECTED_SACL,
};

/** The control bits one ACL's half of the stored descriptor gets from the client's. */
function aclControl(incoming: number, info: number, bits: AclBits, alwaysPresent: boolean): number {
  let control = incoming & (bits.defaulted | bits.protected);
  if (alwaysPresent || incoming & bits.present) control |= bits.present;
  if ((incoming & (bits.autoInherited | bits.autoInheritReq)) === (bits.autoInherited | bits.autoInheritReq)) control |= bits.autoInherited;
  if (info & bits.protect) control |= bits.protected;
  else if (info & bits.unprotect) control &= ~bits.protected;
  return control;
}

const clearBits = (bits: AclBits) => bits.present | bits.defaulted | bits.autoInheritReq | bits.autoInherited | bits.protected;

/** The stored descriptor after a SET of `info` parts from `incoming`. */
export function applySecurityInformation(stored: SecurityDescriptor, incoming: SecurityDescriptor, info: number): SecurityDescriptor {
  const out: SecurityDescriptor = { ...stored };
  if (info & SI.OWNER && incoming.owner !== undefined) {
    out.owner = incoming.owner;
    out.control = (out.control & ~SdControl.OWNER_DEFAULTED) | (incoming.control & SdControl.OWNER_DEFAULTED);
  }
  if (info & SI.GROUP && incoming.group !== undefined) {
    out.group = incoming.group;
    out.control = (out.control & ~SdControl.GROUP_DEFAULTED) | (incoming.control & SdControl.GROUP_DEFAULTED);
  }
  if (info & SI.DACL) {
    out.control = (out.control & ~clearBits(DACL_BITS)) | aclControl(incoming.control, info, DACL_BITS, true);
    // Without DACL_PRESENT the client's DACL is NULL, whatever its offset says.
    out.dacl = incoming.control & SdControl.DACL_PRESENT ? mapAcl(incoming.dacl) : undefined;
  }
  if (info & SI.SACL) {
    out.control = (out.control & ~clearBits(SACL_BITS)) | aclControl(incoming.control, info, SACL_BITS, false);
    out.sacl = incoming.control & SdControl.SACL_PRESENT ? mapAcl(incoming.sacl) : undefined;
  } else if (info & SI.LABEL) {
    out.sacl = replaceLabels(stored, incoming);
    if (out.sacl) out.control |= SdControl.SACL_PRESENT;
  }
  if (!out.dacl) delete out.dacl;
  if (!out.sacl) delete out.sacl;
  return out;
}

/** LABEL_SECURITY_INFORMATION replaces the mandatory label ACEs of the SACL and keeps its other ACEs. */
function replaceLabels(stored: SecurityDescriptor, incoming: SecurityDescriptor): Acl | undefined {
  const isLabel = (a: Ace) => a.type === AceType.SYSTEM_MANDATORY_LABEL;
  const kept = stored.control & SdControl.SACL_PRESENT ? (stored.sacl?.aces ?? []).filter((a) => !isLabel(a)) : [];
  const labels = incoming.control & SdControl.SACL_PRESENT ? (incoming.sacl?.aces ?? []).filter(isLabel) : [];
  const aces = [...labels, ...kept];
  return aces.length > 0 ? { revision: aclRevisionOf(aces), aces } : undefined;
}
