import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WellKnownSid } from '../../src/auth/identity.ts';
import { ntHash } from '../../src/auth/ntlm-hash.ts';
import { StaticIdentityProvider, machineDomainSid } from '../../src/auth/static-identities.ts';

const provider = (guest = false, anonymous = false) =>
  new StaticIdentityProvider({
    users: [
      { name: 'Alice', password: 'a' },
      { name: 'bob', password: 'b' },
    ],
    guest,
    anonymous,
    domain: 'WORKGROUP',
  });

test('the machine domain SID is S-1-5-21 with three 32-bit sub-authorities, stable per domain name', () => {
  const sid = machineDomainSid('WORKGROUP');
  assert.match(sid, /^S-1-5-21-\d+-\d+-\d+$/);
  for (const part of sid.split('-').slice(4)) assert.ok(Number(part) <= 0xffffffff);
  assert.is(machineDomainSid('workgroup'), sid);
  assert.is.not(machineDomainSid('OTHER'), sid);
});

test('users get RIDs 1000 + index under the machine SID, with their NT hash', async () => {
  const domainSid = machineDomainSid('WORKGROUP');
  const alice = await provider().lookupNtlmAccount('Alice', 'WORKGROUP');
  const bob = await provider().lookupNtlmAccount('bob', 'WORKGROUP');
  assert.is(alice!.identity.sid, `${domainSid}-1000`);
  assert.is(bob!.identity.sid, `${domainSid}-1001`);
  assert.equal(alice!.ntHash, ntHash('a'));
  assert.equal(alice!.identity.groupSids, [
    `${domainSid}-513`,
    WellKnownSid.EVERYONE,
    WellKnownSid.AUTHENTICATED_USERS,
    WellKnownSid.BUILTIN_USERS,
  ]);
  assert.is(alice!.identity.domain, 'WORKGROUP');
  assert.not.ok(alice!.identity.isGuest || alice!.identity.isAnonymous);
});

test('names compare case-insensitively, keep the case the client typed, and any domain is accepted', async () => {
  const account = await provider().lookupNtlmAccount('ALICE', 'SOMEWHERE');
  assert.is(account!.identity.user, 'ALICE');
  assert.is(account!.identity.sid, `${machineDomainSid('WORKGROUP')}-1000`);
  assert.is(await provider().lookupNtlmAccount('carol', 'WORKGROUP'), undefined);
});

test('guest is RID 501 in the Guests groups, and only when enabled', () => {
  assert.is(provider().guestIdentity(), undefined);
  const guest = provider(true).guestIdentity()!;
  assert.is(guest.sid, `${machineDomainSid('WORKGROUP')}-501`);
  assert.equal(guest.groupSids, [`${machineDomainSid('WORKGROUP')}-514`, WellKnownSid.BUILTIN_GUESTS, WellKnownSid.EVERYONE]);
  assert.ok(guest.isGuest);
});

test('anonymous is S-1-5-7, only when enabled', () => {
  assert.is(provider().anonymousIdentity(), undefined);
  const anonymous = provider(false, true).anonymousIdentity()!;
  assert.is(anonymous.sid, WellKnownSid.ANONYMOUS);
  assert.ok(anonymous.isAnonymous);
});

test('duplicate user names are refused', () => {
  assert.throws(
    () => new StaticIdentityProvider({ users: [{ name: 'x', password: '1' }, { name: 'X', password: '2' }], guest: false, anonymous: false, domain: 'D' }),
    /duplicate/,
  );
});

test.run();
