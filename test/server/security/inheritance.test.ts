// Inheritance on create (MS-DTYP 2.5.3.4). The flag table is smbtorture's test_inheritance
// (source4/torture/smb2/acls.c): a parent DACL of CREATOR OWNER:WRITE_DATA with the given flags, and what a
// new file and a new directory below it must get.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AceFlags as F, AceType, sidAce, type Ace } from '../../../src/protocol/dtyp/ace.ts';
import { SdControl, type SecurityDescriptor } from '../../../src/protocol/dtyp/security-descriptor.ts';
import { FILE_ALL_ACCESS } from '../../../src/server/access.ts';
import { inheritedDescriptor } from '../../../src/server/security/inheritance.ts';

const OWNER = 'S-1-5-21-1-2-3-1000';
const GROUP = 'S-1-5-21-1-2-3-513';
const CREATOR_OWNER = 'S-1-3-0';
const CREATOR_GROUP = 'S-1-3-1';
const EVERYONE = 'S-1-1-0';
const WRITE_DATA = 0x2;
const creator = { owner: OWNER, group: GROUP };

const parent = (aces: Ace[], control = 0): SecurityDescriptor => ({
  sbz1: 0,
  control: SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT | control,
  owner: OWNER,
  dacl: { revision: 2, aces },
});
const allow = (sid: string, mask: number, flags: number) => sidAce(AceType.ACCESS_ALLOWED, flags, mask, sid);
const tokenDefault = [allow(OWNER, FILE_ALL_ACCESS, 0), allow('S-1-5-18', FILE_ALL_ACCESS, 0)];

// [parent flags, the file's ACEs, the directory's ACEs]
const table: [number, Ace[], Ace[]][] = [
  [0, tokenDefault, tokenDefault],
  [F.OBJECT_INHERIT, [allow(OWNER, WRITE_DATA, 0)], [allow(CREATOR_OWNER, WRITE_DATA, F.OBJECT_INHERIT | F.INHERIT_ONLY)]],
  [F.CONTAINER_INHERIT, tokenDefault, [allow(OWNER, WRITE_DATA, 0), allow(CREATOR_OWNER, WRITE_DATA, F.CONTAINER_INHERIT | F.INHERIT_ONLY)]],
  [
    F.OBJECT_INHERIT | F.CONTAINER_INHERIT,
    [allow(OWNER, WRITE_DATA, 0)],
    [allow(OWNER, WRITE_DATA, 0), allow(CREATOR_OWNER, WRITE_DATA, F.OBJECT_INHERIT | F.CONTAINER_INHERIT | F.INHERIT_ONLY)],
  ],
  [F.NO_PROPAGATE_INHERIT, tokenDefault, tokenDefault],
  [F.NO_PROPAGATE_INHERIT | F.OBJECT_INHERIT, [allow(OWNER, WRITE_DATA, 0)], tokenDefault],
  [F.NO_PROPAGATE_INHERIT | F.CONTAINER_INHERIT, tokenDefault, [allow(OWNER, WRITE_DATA, 0)]],
  [F.NO_PROPAGATE_INHERIT | F.CONTAINER_INHERIT | F.OBJECT_INHERIT, [allow(OWNER, WRITE_DATA, 0)], [allow(OWNER, WRITE_DATA, 0)]],
  [F.INHERIT_ONLY, tokenDefault, tokenDefault],
  [F.INHERIT_ONLY | F.OBJECT_INHERIT, [allow(OWNER, WRITE_DATA, 0)], [allow(CREATOR_OWNER, WRITE_DATA, F.OBJECT_INHERIT | F.INHERIT_ONLY)]],
  [F.INHERIT_ONLY | F.CONTAINER_INHERIT, tokenDefault, [allow(OWNER, WRITE_DATA, 0), allow(CREATOR_OWNER, WRITE_DATA, F.CONTAINER_INHERIT | F.INHERIT_ONLY)]],
  [
    F.INHERIT_ONLY | F.CONTAINER_INHERIT | F.OBJECT_INHERIT,
    [allow(OWNER, WRITE_DATA, 0)],
    [allow(OWNER, WRITE_DATA, 0), allow(CREATOR_OWNER, WRITE_DATA, F.OBJECT_INHERIT | F.CONTAINER_INHERIT | F.INHERIT_ONLY)],
  ],
  [F.INHERIT_ONLY | F.NO_PROPAGATE_INHERIT, tokenDefault, tokenDefault],
  [F.INHERIT_ONLY | F.NO_PROPAGATE_INHERIT | F.OBJECT_INHERIT, [allow(OWNER, WRITE_DATA, 0)], tokenDefault],
  [F.INHERIT_ONLY | F.NO_PROPAGATE_INHERIT | F.CONTAINER_INHERIT, tokenDefault, [allow(OWNER, WRITE_DATA, 0)]],
  [F.INHERIT_ONLY | F.NO_PROPAGATE_INHERIT | F.CONTAINER_INHERIT | F.OBJECT_INHERIT, [allow(OWNER, WRITE_DATA, 0)], [allow(OWNER, WRITE_DATA, 0)]],
];

for (const [flags, fileAces, dirAces] of table) {
  test(`CREATOR OWNER with flags 0x${flags.toString(16)}: what a new file and a new directory inherit`, () => {
    // The parent's own Everyone ACE (flags 0) applies to the parent only and is never inherited.
    const p = parent([allow(CREATOR_OWNER, WRITE_DATA, flags), allow(EVERYONE, FILE_ALL_ACCESS, 0)]);
    assert.equal(inheritedDescriptor(p, false, creator).dacl!.aces, fileAces, 'file');
    assert.equal(inheritedDescriptor(p, true, creator).dacl!.aces, dirAces, 'directory');
  });
}

test('the new object is owned by its creator, with the creator\'s primary group', () => {
  const sd = inheritedDescriptor(parent([]), false, creator);
  assert.is(sd.owner, OWNER);
  assert.is(sd.group, GROUP);
  assert.is(sd.control, SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT);
});

test('an AUTO_INHERITED parent marks inherited ACEs INHERITED and the child AUTO_INHERITED (acls.c INHERITFLAGS)', () => {
  const p = parent([allow(OWNER, WRITE_DATA, F.OBJECT_INHERIT | F.CONTAINER_INHERIT)], SdControl.DACL_AUTO_INHERITED | SdControl.DACL_PROTECTED);
  const file = inheritedDescriptor(p, false, creator);
  assert.equal(file.dacl!.aces, [allow(OWNER, WRITE_DATA, F.INHERITED)]);
  assert.is(file.control, SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT | SdControl.DACL_AUTO_INHERITED, 'PROTECTED is not inherited');
  // A plain SID passes to a directory as one ACE that both applies and propagates.
  assert.equal(inheritedDescriptor(p, true, creator).dacl!.aces, [allow(OWNER, WRITE_DATA, F.OBJECT_INHERIT | F.CONTAINER_INHERIT | F.INHERITED)]);
});

test('CREATOR GROUP becomes the primary group, and generic rights are mapped in the ACE that applies', () => {
  const p = parent([allow(CREATOR_GROUP, 0x80000000, F.CONTAINER_INHERIT)]);
  assert.equal(inheritedDescriptor(p, true, creator).dacl!.aces, [
    allow(GROUP, 0x00120089, 0),
    allow(CREATOR_GROUP, 0x80000000, F.CONTAINER_INHERIT | F.INHERIT_ONLY),
  ]);
});

test('inheritable audit ACEs of the parent SACL pass on; without any, the child has no SACL', () => {
  const audit = sidAce(AceType.SYSTEM_AUDIT, F.OBJECT_INHERIT | F.FAILED_ACCESS, 0x10000, EVERYONE);
  const withSacl: SecurityDescriptor = { ...parent([]), control: SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT | SdControl.SACL_PRESENT, sacl: { revision: 2, aces: [audit] } };
  const file = inheritedDescriptor(withSacl, false, creator);
  assert.ok(file.control & SdControl.SACL_PRESENT);
  assert.equal(file.sacl!.aces, [sidAce(AceType.SYSTEM_AUDIT, F.FAILED_ACCESS, 0x10000, EVERYONE)], 'the audit flag stays');
  assert.is(inheritedDescriptor(parent([]), false, creator).sacl, undefined);
});

test.run();
