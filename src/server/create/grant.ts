// The access a CREATE is granted (MS-FSA 2.1.5.1.1 for new objects, 2.1.5.1.2.1 for existing ones,
// MS-SMB2 3.3.5.9 for MAXIMUM_ALLOWED and the MxAc context), and the security descriptor of an object it
// creates (MS-DTYP 2.5.3.4, with the SMB2_CREATE_SD_BUFFER context applied as a set would be).
//
// An existing object is checked against its own descriptor; DELETE may also come from FILE_DELETE_CHILD on
// the parent, and FILE_READ_ATTRIBUTES from FILE_LIST_DIRECTORY on it. A new object needs FILE_ADD_FILE or
// FILE_ADD_SUBDIRECTORY on the parent, and its creator then gets the access asked for. The share's own
// limit (read-only shares) caps everything.

import { AccessMask, CreateOptions, FileAttributes } from '../../protocol/constants.ts';
import { decodeSecurityDescriptor, encodeSecurityDescriptor, SdControl, SecurityInformation as SI, type SecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { DriverError, type ClientContext, type FileStat, type OpenDisposition } from '../../ios/types.ts';
import { FILE_ALL_ACCESS, mapGenericRights } from '../access.ts';
import { statusForDriverError } from '../driver-status.ts';
import { maximalAccess } from '../security/access-check.ts';
import { applySecurityInformation } from '../security/apply.ts';
import { descriptorAt, storesDescriptors } from '../security/descriptors.ts';
import { inheritedDescriptor } from '../security/inheritance.ts';
import type { AccessToken } from '../security/token.ts';
import type { Share } from '../state/share.ts';

export interface CreateGrantRequest {
  share: Share;
  /** The most the tree connect allows (TreeConnect.maximalAccess). */
  shareAccess: number;
  ctx: ClientContext;
  token: AccessToken;
  /** The object the CREATE names; for a named stream, the file or directory that holds it. */
  path: readonly string[];
  /** The named stream, whose object's descriptor governs it. */
  stream: string | undefined;
  /** The object as looked up before opening; undefined when it does not exist. */
  existing: FileStat | undefined;
  desiredAccess: number;
  disposition: OpenDisposition;
  createOptions: number;
  fileAttributes: number;
  /** SMB2_CREATE_SD_BUFFER (MS-SMB2 2.2.13.2.2) data, when the request carried one. */
  securityDescriptor: Buffer | undefined;
}

export interface CreateGrant {
  grantedAccess: number;
  /** For the MxAc response (MS-SMB2 2.2.14.2.5). */
  maximalAccess: number;
  /** What to ask the driver: a missing object is created with 'create', so an object that appears meanwhile is not opened unchecked. */
  disposition: OpenDisposition;
  /** Self-relative descriptor to store with a new object (drivers that store them). */
  securityDescriptor: Buffer | undefined;
}

const READ_ONLY_CLEARED = AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA | AccessMask.FILE_ADD_SUBDIRECTORY | AccessMask.FILE_DELETE_CHILD;
const TRUNCATING: ReadonlySet<OpenDisposition> = new Set(['overwrite', 'overwrite-if', 'supersede']);
const NEVER_CREATING: ReadonlySet<OpenDisposition> = new Set(['open', 'overwrite']);

export async function grantCreateAccess(req: CreateGrantRequest): Promise<CreateGrant> {
  const mapped = mapGenericRights(req.desiredAccess);
  const maximum = (mapped & AccessMask.MAXIMUM_ALLOWED) !== 0;
  const systemSecurity = mapped & AccessMask.ACCESS_SYSTEM_SECURITY;
  // MS-FSA 2.1.5.1.2.1: ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege before any ACL is looked at.
  if (systemSecurity && !req.token.securityPrivilege) throw new NtStatusError(NtStatus.PRIVILEGE_NOT_HELD);
  const desired = mapped & ~(AccessMask.MAXIMUM_ALLOWED | AccessMask.ACCESS_SYSTEM_SECURITY);
  // Dispositions that never create leave a missing object to the driver, which says how it is missing.
  const stat = req.existing ?? (NEVER_CREATING.has(req.disposition) ? await appearedMeanwhile(req) : undefined);
  // MS-FSA 2.1.5.1.2: what the object is decides before what the caller may do with it. (A named stream
  // may be missing from an existing object; the driver answers for it.)
  if (stat && !req.stream) {
    if (req.disposition === 'create') throw new NtStatusError(NtStatus.OBJECT_NAME_COLLISION);
    if (!stat.isDirectory && req.createOptions & CreateOptions.DIRECTORY_FILE) throw new NtStatusError(NtStatus.NOT_A_DIRECTORY);
    if (stat.isDirectory && req.createOptions & CreateOptions.NON_DIRECTORY_FILE) throw new NtStatusError(NtStatus.FILE_IS_A_DIRECTORY);
  }
  return stat ? grantExisting(req, stat, desired, maximum, systemSecurity) : grantNew(req, desired, maximum, systemSecurity);
}

/**
 * Opens (without changing anything) what the lookup did not find: the driver's error says why it is
 * missing (no such name, no such path, not a directory). An object that did turn up is checked as existing.
 */
async function appearedMeanwhile(req: CreateGrantRequest): Promise<FileStat | undefined> {
  const driver = req.share.driver!;
  let opened;
  try {
    opened = await driver.open(req.ctx, req.path, {
      disposition: 'open',
      directory: (req.createOptions & CreateOptions.DIRECTORY_FILE) !== 0,
      nonDirectory: (req.createOptions & CreateOptions.NON_DIRECTORY_FILE) !== 0,
      write: false,
      attributes: 0,
      ...(req.stream ? { stream: req.stream } : {}),
    });
  } catch (error) {
    if (error instanceof DriverError) throw new NtStatusError(statusForDriverError(error.code, 'open'), error.message);
    throw error;
  }
  await opened.handle.close(req.ctx);
  return driver.lookup(req.ctx, req.path);
}

/** The parent's descriptor; a missing parent is a missing path, as the open itself would report. */
async function parentDescriptor(req: CreateGrantRequest): Promise<SecurityDescriptor> {
  try {
    return await descriptorAt(req.share, req.ctx, req.path.slice(0, -1), true);
  } catch (error) {
    if (error instanceof NtStatusError && error.status === NtStatus.OBJECT_NAME_NOT_FOUND) throw new NtStatusError(NtStatus.OBJECT_PATH_NOT_FOUND);
    throw error;
  }
}

/** DELETE and FILE_READ_ATTRIBUTES the parent directory gives over its children (MS-FSA 2.1.5.1.2.1). */
function grantsFromParent(parentAccess: number): number {
  let bits = 0;
  if (parentAccess & AccessMask.FILE_DELETE_CHILD) bits |= AccessMask.DELETE;
  if (parentAccess & AccessMask.FILE_LIST_DIRECTORY) bits |= AccessMask.FILE_READ_ATTRIBUTES;
  return bits;
}

async function grantExisting(req: CreateGrantRequest, stat: FileStat, desired: number, maximum: boolean, systemSecurity: number): Promise<CreateGrant> {
  const sd = await descriptorAt(req.share, req.ctx, req.path, stat.isDirectory);
  let allowed = maximalAccess(sd, req.token);
  const fromParent = AccessMask.DELETE | AccessMask.FILE_READ_ATTRIBUTES;
  // The parent is read only when it could add something the object's own descriptor left out.
  if (req.path.length > 0 && fromParent & ~allowed) allowed |= grantsFromParent(maximalAccess(await parentDescriptor(req), req.token));
  allowed &= req.shareAccess;
  // Truncating an existing file writes it, whatever the client asked for (MS-FSA 2.1.5.1.2).
  const needed = desired | (TRUNCATING.has(req.disposition) && (!stat.isDirectory || req.stream) ? AccessMask.FILE_WRITE_DATA : 0);
  if (needed & ~allowed) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  let granted = desired;
  if (maximum) {
    granted |= allowed;
    // MS-FSA 2.1.5.1.2.1: MAXIMUM_ALLOWED on a read-only file leaves out the rights to change its data.
    if (stat.attributes & FileAttributes.READONLY && !stat.isDirectory) granted &= ~READ_ONLY_CLEARED | desired;
  }
  // MS-FSA 2.1.5.1: delete-on-close with MAXIMUM_ALLOWED still needs DELETE to have been granted.
  if (req.createOptions & CreateOptions.DELETE_ON_CLOSE && !(granted & AccessMask.DELETE)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  return { grantedAccess: (granted | systemSecurity) >>> 0, maximalAccess: allowed >>> 0, disposition: req.disposition, securityDescriptor: undefined };
}

async function grantNew(req: CreateGrantRequest, desired: number, maximum: boolean, systemSecurity: number): Promise<CreateGrant> {
  // Gone again between the driver's open and its lookup.
  if (NEVER_CREATING.has(req.disposition)) throw new NtStatusError(NtStatus.OBJECT_NAME_NOT_FOUND);
  // A stream created on a missing object creates a file to hold it.
  const isDirectory = !req.stream && (req.createOptions & CreateOptions.DIRECTORY_FILE) !== 0;
  const parent = await parentDescriptor(req);
  const parentAccess = maximalAccess(parent, req.token);
  if (!(parentAccess & (isDirectory ? AccessMask.FILE_ADD_SUBDIRECTORY : AccessMask.FILE_ADD_FILE))) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  // MS-FSA 2.1.5.1.1: a new read-only file cannot be delete-on-close.
  if (req.createOptions & CreateOptions.DELETE_ON_CLOSE && req.fileAttributes & FileAttributes.READONLY) throw new NtStatusError(NtStatus.CANNOT_DELETE);
  if (desired & ~req.shareAccess) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  const sd = newObjectDescriptor(req, parent, isDirectory);
  const granted = (maximum ? desired | FILE_ALL_ACCESS : desired) & req.shareAccess;
  const allowed = (maximalAccess(sd, req.token) | grantsFromParent(parentAccess)) & req.shareAccess;
  return {
    grantedAccess: (granted | systemSecurity) >>> 0,
    maximalAccess: allowed >>> 0,
    disposition: 'create',
    securityDescriptor: storesDescriptors(req.share.driver!) ? encodeSecurityDescriptor(sd) : undefined,
  };
}

/** Inherited from the parent, then the SD_BUFFER context's parts laid over it as a SET would (MS-SMB2 3.3.5.9). */
function newObjectDescriptor(req: CreateGrantRequest, parent: SecurityDescriptor, isDirectory: boolean): SecurityDescriptor {
  const inherited = inheritedDescriptor(parent, isDirectory, { owner: req.token.userSid, group: req.token.primaryGroupSid });
  if (!req.securityDescriptor) return inherited;
  let given: SecurityDescriptor;
  try {
    given = decodeSecurityDescriptor(req.securityDescriptor);
  } catch (error) {
    // A create context that does not parse is a bad parameter of the CREATE (MS-SMB2 3.3.5.9; Samba agrees).
    if (error instanceof NtStatusError) throw new NtStatusError(NtStatus.INVALID_PARAMETER, error.message);
    throw error;
  }
  // Writing audit ACEs needs SeSecurityPrivilege; a NULL SACL audits nothing and needs none.
  if (given.control & SdControl.SACL_PRESENT && given.sacl && !req.token.securityPrivilege) throw new NtStatusError(NtStatus.PRIVILEGE_NOT_HELD);
  let info = 0;
  if (given.owner !== undefined) info |= SI.OWNER;
  if (given.group !== undefined) info |= SI.GROUP;
  if (given.control & SdControl.DACL_PRESENT) info |= SI.DACL;
  if (given.control & SdControl.SACL_PRESENT) info |= SI.SACL;
  return applySecurityInformation(inherited, given, info);
}
