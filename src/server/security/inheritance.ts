// MS-DTYP 2.5.3.4 CreateSecurityDescriptor, for a file or directory created under a parent: the new
// object's owner and group come from the creator's token, its ACLs from the parent's inheritable ACEs
// (2.5.3.4.2 ComputeACL / ComputeInheritedACLfromParent). When the parent passes nothing on, the DACL is
// the token default: full control for the owner and SYSTEM.

import { WellKnownSid } from '../../auth/identity.ts';
import { AceFlags, AceType, INHERITANCE_FLAGS, sidAce, type Ace } from '../../protocol/dtyp/ace.ts';
import { AclRevision, type Acl } from '../../protocol/dtyp/acl.ts';
import { SdControl, type SecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { FILE_ALL_ACCESS, mapGenericRights } from '../access.ts';

const { OBJECT_INHERIT: OI, CONTAINER_INHERIT: CI, NO_PROPAGATE_INHERIT: NP, INHERIT_ONLY: IO, INHERITED } = AceFlags;
const GENERIC_BITS = 0xf0000000;

interface Creator {
  owner: string;
  group: string;
}

/** Flags an inherited copy keeps as they were: the audit flags (SUCCESSFUL_ACCESS, FAILED_ACCESS). */
const kept = (flags: number) => flags & ~(INHERITANCE_FLAGS | INHERITED);

/** The ACE as it applies to the new object itself: CREATOR OWNER/GROUP replaced, generic rights mapped. */
function effective(ace: Ace, creator: Creator, inheritedFlag: number): Ace {
  const flags = kept(ace.flags) | inheritedFlag;
  if (ace.kind === 'opaque') return { ...ace, flags };
  const sid = ace.sid === WellKnownSid.CREATOR_OWNER ? creator.owner : ace.sid === WellKnownSid.CREATOR_GROUP ? creator.group : ace.sid;
  return { ...ace, flags, sid, mask: mapGenericRights(ace.mask) };
}

/** Whether the effective copy differs from the ACE itself, so a container needs it twice (2.5.3.4.2). */
function needsSplit(ace: Ace): boolean {
  return ace.kind === 'sid' && (ace.sid === WellKnownSid.CREATOR_OWNER || ace.sid === WellKnownSid.CREATOR_GROUP || (ace.mask & GENERIC_BITS) !== 0);
}

/** The ACEs of `parent` a new child inherits, in order. `autoInherited` marks them INHERITED_ACE. */
export function inheritAces(parent: Acl | undefined, isContainer: boolean, creator: Creator, autoInherited: boolean): Ace[] {
  const inheritedFlag = autoInherited ? INHERITED : 0;
  const out: Ace[] = [];
  for (const ace of parent?.aces ?? []) {
    const f = ace.flags;
    if (!isContainer) {
      if (f & OI) out.push(effective(ace, creator, inheritedFlag));
      continue;
    }
    if (f & CI) {
      if (f & NP) {
        out.push(effective(ace, creator, inheritedFlag));
      } else if (needsSplit(ace)) {
        // One ACE that applies here, and the original passed on, inherit-only, to grandchildren.
        out.push(effective(ace, creator, inheritedFlag));
        out.push({ ...ace, flags: kept(f) | (f & (OI | CI)) | IO | inheritedFlag });
      } else {
        out.push({ ...ace, flags: kept(f) | (f & (OI | CI)) | inheritedFlag });
      }
    } else if (f & OI && !(f & NP)) {
      // Files below the new directory inherit it; the directory itself does not.
      out.push({ ...ace, flags: kept(f) | OI | IO | inheritedFlag });
    }
  }
  return out;
}

/** The token default DACL (MS-DTYP 2.5.3.4.1 step for a missing inherited DACL). */
function defaultAces(owner: string): Ace[] {
  return [
    sidAce(AceType.ACCESS_ALLOWED, 0, FILE_ALL_ACCESS, owner),
    sidAce(AceType.ACCESS_ALLOWED, 0, FILE_ALL_ACCESS, WellKnownSid.LOCAL_SYSTEM),
  ];
}

/** The descriptor of a new object created under `parent` by `creator`. */
export function inheritedDescriptor(parent: SecurityDescriptor, isContainer: boolean, creator: Creator): SecurityDescriptor {
  const parentDacl = parent.control & SdControl.DACL_PRESENT ? parent.dacl : undefined;
  const daclAuto = (parent.control & SdControl.DACL_AUTO_INHERITED) !== 0;
  const daclAces = inheritAces(parentDacl, isContainer, creator, daclAuto);
  let control = SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT;
  if (daclAces.length > 0 && daclAuto) control |= SdControl.DACL_AUTO_INHERITED;
  const sd: SecurityDescriptor = {
    sbz1: 0,
    control,
    owner: creator.owner,
    group: creator.group,
    dacl: { revision: aclRevisionOf(daclAces), aces: daclAces.length > 0 ? daclAces : defaultAces(creator.owner) },
  };
  const parentSacl = parent.control & SdControl.SACL_PRESENT ? parent.sacl : undefined;
  const saclAuto = (parent.control & SdControl.SACL_AUTO_INHERITED) !== 0;
  const saclAces = inheritAces(parentSacl, isContainer, creator, saclAuto);
  if (saclAces.length > 0) {
    sd.control |= SdControl.SACL_PRESENT | (saclAuto ? SdControl.SACL_AUTO_INHERITED : 0);
    sd.sacl = { revision: aclRevisionOf(saclAces), aces: saclAces };
  }
  return sd;
}

/** MS-DTYP 2.4.5: ACL_REVISION_DS when object ACEs are present. */
export function aclRevisionOf(aces: readonly Ace[]): number {
  return aces.some((a) => a.kind === 'opaque') ? AclRevision.ACL_REVISION_DS : AclRevision.ACL_REVISION;
}
