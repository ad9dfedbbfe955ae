// The descriptor of an object that has none stored: the share root before anyone set one, files put on
// the share by other means, and every object of a driver that cannot store descriptors. Like a NAS share
// (and Samba's mapping of a world-writable folder): Administrators and SYSTEM have full control, new
// objects give their creator full control, and everyone may read, write and delete. Where descriptors
// cannot be stored nobody could ever grant more, so everyone gets full control there, as before ACLs.

import { WellKnownSid } from '../../auth/identity.ts';
import { AceFlags, AceType, sidAce } from '../../protocol/dtyp/ace.ts';
import { AclRevision } from '../../protocol/dtyp/acl.ts';
import { SdControl, type SecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { FILE_ALL_ACCESS } from '../access.ts';

/** "Modify" plus FILE_DELETE_CHILD: everything but WRITE_DAC and WRITE_OWNER. */
export const EVERYONE_DEFAULT_ACCESS = 0x001301ff;

const INHERIT = AceFlags.OBJECT_INHERIT | AceFlags.CONTAINER_INHERIT;

export interface DefaultDescriptorOptions {
  /** The share's configured owner; BUILTIN\Administrators otherwise. */
  owner?: string;
  /** Whether the driver stores descriptors (and so whether anyone could change this one). */
  stored: boolean;
}

export function defaultSecurityDescriptor(options: DefaultDescriptorOptions): SecurityDescriptor {
  const everyone = options.stored ? EVERYONE_DEFAULT_ACCESS : FILE_ALL_ACCESS;
  return {
    sbz1: 0,
    control: SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT,
    owner: options.owner ?? WellKnownSid.BUILTIN_ADMINISTRATORS,
    group: WellKnownSid.LOCAL_SYSTEM,
    dacl: {
      revision: AclRevision.ACL_REVISION,
      aces: [
        sidAce(AceType.ACCESS_ALLOWED, INHERIT, FILE_ALL_ACCESS, WellKnownSid.BUILTIN_ADMINISTRATORS),
        sidAce(AceType.ACCESS_ALLOWED, INHERIT, FILE_ALL_ACCESS, WellKnownSid.LOCAL_SYSTEM),
        sidAce(AceType.ACCESS_ALLOWED, INHERIT | AceFlags.INHERIT_ONLY, FILE_ALL_ACCESS, WellKnownSid.CREATOR_OWNER),
        sidAce(AceType.ACCESS_ALLOWED, INHERIT, everyone, WellKnownSid.EVERYONE),
      ],
    },
  };
}
