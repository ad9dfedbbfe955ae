// QUERY_INFO SMB2_0_INFO_SECURITY (MS-SMB2 3.3.5.20.3): the parts of a descriptor that AdditionalInformation
// names, and the access the open needs to read them (MS-FSA 2.1.5.13).

import { AccessMask } from '../../protocol/constants.ts';
import { AceType } from '../../protocol/dtyp/ace.ts';
import { SdControl, SecurityInformation as SI, type SecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { aclRevisionOf } from './inheritance.ts';

const DACL_CONTROL = SdControl.DACL_PRESENT | SdControl.DACL_DEFAULTED | SdControl.DACL_AUTO_INHERITED | SdControl.DACL_PROTECTED;
const SACL_CONTROL = SdControl.SACL_PRESENT | SdControl.SACL_DEFAULTED | SdControl.SACL_AUTO_INHERITED | SdControl.SACL_PROTECTED;

/** The access a query of these parts needs; reading no parts needs none (it returns an empty descriptor). */
export function accessToQuery(info: number): number {
  let access = 0;
  if (info & (SI.OWNER | SI.GROUP | SI.DACL | SI.LABEL)) access |= AccessMask.READ_CONTROL;
  if (info & SI.SACL) access |= AccessMask.ACCESS_SYSTEM_SECURITY;
  return access;
}

/** The descriptor holding only the parts `info` names, with the control bits that describe them. */
export function selectSecurityInformation(sd: SecurityDescriptor, info: number): SecurityDescriptor {
  // Sbz1 carries resource manager bits only under RM_CONTROL_VALID (MS-DTYP 2.4.6); otherwise it is zero.
  const rm = sd.control & SdControl.RM_CONTROL_VALID;
  const out: SecurityDescriptor = { sbz1: rm ? sd.sbz1 : 0, control: SdControl.SELF_RELATIVE | rm };
  if (info & SI.OWNER && sd.owner !== undefined) {
    out.owner = sd.owner;
    out.control |= sd.control & SdControl.OWNER_DEFAULTED;
  }
  if (info & SI.GROUP && sd.group !== undefined) {
    out.group = sd.group;
    out.control |= sd.control & SdControl.GROUP_DEFAULTED;
  }
  if (info & SI.DACL && sd.control & SdControl.DACL_PRESENT) {
    out.control |= sd.control & DACL_CONTROL;
    if (sd.dacl) out.dacl = sd.dacl;
  }
  if (info & SI.SACL && sd.control & SdControl.SACL_PRESENT) {
    out.control |= sd.control & SACL_CONTROL;
    if (sd.sacl) out.sacl = sd.sacl;
  } else if (info & SI.LABEL && sd.control & SdControl.SACL_PRESENT && sd.sacl) {
    // A label query sees the SACL's mandatory label ACEs and nothing else of it.
    const labels = sd.sacl.aces.filter((a) => a.type === AceType.SYSTEM_MANDATORY_LABEL);
    if (labels.length > 0) {
      out.control |= SdControl.SACL_PRESENT;
      out.sacl = { revision: aclRevisionOf(labels), aces: labels };
    }
  }
  return out;
}
