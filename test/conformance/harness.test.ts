// The conformance harness's pure parts: reading smbtorture output, resolving --list, and the
// expectation check that gates regressions.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullNameFromListing, parseListing, parseSubunit } from '../../conformance/subunit.ts';
import { planRuns } from '../../conformance/plan.ts';
import { lists, suites } from '../../conformance/lists.ts';
import { checkExpected, formatComparison, formatTable, suiteReport, updateExpected, type Report } from '../../conformance/report.ts';
import { parseTarget } from '../../conformance/smbtorture.ts';

const fixture = (name: string) => fs.readFile(fileURLToPath(new URL(`../fixtures/conformance/${name}`, import.meta.url)), 'utf8');

// Captured from `smbtorture --fullname --format=subunit` 4.17.12-Debian against Samba 4.17.
test('parses smbtorture subunit output into one outcome per subtest', async () => {
  const results = parseSubunit(await fixture('samba-4.17-subunit.txt'));
  assert.equal(
    results.map((r) => [r.name, r.outcome]),
    [
      ['smb2.connect', 'passed'],
      ['smb2.credits.skipped_mid', 'passed'],
      ['smb2.compound.interim2', 'failed'],
      ['smb2.session.expire1n', 'skipped'],
    ],
  );
  assert.equal(results[2]!.reason, '../../source4/torture/smb2/compound.c:1869: Incorrect status NT_STATUS_CANCELLED - should be NT_STATUS_INTERNAL_ERROR');
  assert.equal(results[3]!.reason, '../../source4/torture/smb2/session.c:1077: smb2.session.expire1 requires -k yes!');
  assert.equal(results[0]!.reason, '');
});

test('ignores outcome-like lines inside details and free text around them', () => {
  const text = [
    'test: smb2.x.a',
    'failure: smb2.x.a [',
    'success: smb2.x.b',
    ']',
    'the test printed: something',
    'error: smb2.x.c',
    'test: smb2.x.a',
    'success: smb2.x.a',
  ].join('\n');
  assert.equal(
    parseSubunit(text).map((r) => [r.name, r.outcome, r.reason]),
    [
      ['smb2.x.c', 'failed', ''],
      ['smb2.x.a', 'passed', ''],
    ],
  );
});

// Captured from `smbtorture //127.0.0.1/share --list smb2.credits smb2.connect` 4.17.12-Debian.
test('turns --list output into the names results are reported under', async () => {
  const listing = await fixture('samba-4.17-list.txt');
  assert.equal(parseListing(listing, 'smb2.credits'), [
    'smb2.credits.session_setup_credits_granted',
    'smb2.credits.single_req_credits_granted',
    'smb2.credits.skipped_mid',
  ]);
  assert.equal(parseListing(listing, 'smb2.connect'), ['smb2.connect']);
  // A prefix that is not a whole component matches nothing.
  assert.equal(parseListing(listing, 'smb2.cred'), []);
  assert.is(fullNameFromListing('smb2.lock.rw.shared'), 'smb2.lock.rw.shared');
});

test('--list resolves nested lists, suites and single tests to their owning suite', () => {
  // "fast" names the "core" list and more: nested lists flatten in order.
  const flattened = lists['fast']!.flatMap((entry) => lists[entry] ?? [entry]);
  assert.equal(
    planRuns('fast').map((r) => r.name),
    flattened,
  );
  assert.ok(flattened.length > lists['core']!.length);
  const [one, other] = planRuns('smb2.session.reauth1,smb2.notify');
  assert.is(one!.suite, 'smb2.session');
  assert.is(one!.spec, suites['smb2.session']);
  assert.is(other!.suite, 'smb2.notify');
  assert.throws(() => planRuns(' , '), /nothing to run/);
});

test('subunit names may contain spaces', () => {
  const results = parseSubunit('test: smb2.x.CREATE Existing\nfailure: smb2.x.CREATE Existing [\nbad status\n]\nsuccess: smb2.x.BY HANDLE\n');
  assert.equal(
    results.map((r) => [r.name, r.outcome, r.reason]),
    [
      ['smb2.x.CREATE Existing', 'failed', 'bad status'],
      ['smb2.x.BY HANDLE', 'passed', ''],
    ],
  );
});

test('parses //HOST:PORT/SHARE targets', () => {
  assert.equal(parseTarget('//127.0.0.1:4470/share', 'tuser%pass'), { host: '127.0.0.1', port: 4470, share: 'share', user: 'tuser%pass' });
  assert.is(parseTarget('//server/data', 'u%p').port, 445);
  assert.throws(() => parseTarget('127.0.0.1/share', 'u%p'), /HOST:PORT/);
  assert.throws(() => parseTarget('//h:0/s', 'u%p'), /bad port/);
  assert.throws(() => parseTarget('//h/s', 'nopassword'), /USER%PASSWORD/);
});

function report(passed: string[], failed: string[]): Report {
  const results = [
    ...passed.map((name) => ({ name, outcome: 'passed' as const, reason: '' })),
    ...failed.map((name) => ({ name, outcome: 'failed' as const, reason: `${name} broke` })),
  ];
  return { target: 't', date: 'd', suites: { 'smb2.s': suiteReport(results, {}, false) } };
}

test('flags expected subtests that no longer pass, and new passes', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'expected-'));
  try {
    await fs.writeFile(path.join(dir, 'smb2.s.json'), JSON.stringify({ suite: 'smb2.s', passed: ['smb2.s.a', 'smb2.s.b', 'smb2.s.unrun'] }));
    const check = await checkExpected(report(['smb2.s.a', 'smb2.s.c'], ['smb2.s.b']), dir);
    // smb2.s.unrun was not part of this run, so it is not a regression.
    assert.equal(check, { regressions: ['smb2.s.b'], newPasses: ['smb2.s.c'] });

    await updateExpected(report(['smb2.s.a', 'smb2.s.c'], ['smb2.s.b']), dir);
    const written = JSON.parse(await fs.readFile(path.join(dir, 'smb2.s.json'), 'utf8'));
    assert.equal(written, { suite: 'smb2.s', passed: ['smb2.s.a', 'smb2.s.c', 'smb2.s.unrun'] });
    assert.equal(await checkExpected(report(['smb2.s.a', 'smb2.s.c'], []), dir), { regressions: [], newPasses: [] });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('tables count outcomes and list what the peer passes that we fail', () => {
  const us = report(['smb2.s.a'], ['smb2.s.b']);
  const peer = report(['smb2.s.a', 'smb2.s.b'], []);
  const table = formatTable(us);
  assert.match(table, /smb2\.s\s+\|\s+1 \|\s+1 \|\s+0/);
  const comparison = formatComparison(us, peer, 'samba');
  assert.match(comparison, /smb2\.s\s+\|\s+1\/1\/0 \|\s+2\/0\/0/);
  assert.match(comparison, /samba passes, we do not \(1\):\n {2}smb2\.s\.b {2}— smb2\.s\.b broke/);
});

test.run();
