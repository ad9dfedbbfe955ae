// Reads the subunit v1 text stream that `smbtorture --format=subunit` writes: `test: NAME`, then one
// outcome line `success|failure|error|skip|... : NAME`, optionally followed by ` [` and detail lines up
// to a lone `]`. Anything else on stdout (what the tests print themselves, `time:`, `progress:`) is noise.

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface SubtestResult {
  name: string;
  outcome: Outcome;
  /** First line of the details smbtorture gave (the failed check or the skip reason), or ''. */
  reason: string;
}

const OUTCOMES: Readonly<Record<string, Outcome>> = {
  success: 'passed',
  successful: 'passed',
  failure: 'failed',
  fail: 'failed',
  error: 'failed',
  // An expected failure is still a failure of the server under test; smbtorture itself never marks one.
  xfail: 'failed',
  uxsuccess: 'passed',
  skip: 'skipped',
};

// Test names may contain spaces (smb2.delete-on-close-perms.CREATE Existing).
const OUTCOME_LINE = /^([a-z]+): (.+?)( \[( multipart)?)?\s*$/;

/** Results in the order reported; a name reported twice keeps its last outcome. */
export function parseSubunit(text: string): SubtestResult[] {
  const results = new Map<string, SubtestResult>();
  let open: SubtestResult | undefined;
  for (const line of text.split('\n')) {
    if (open) {
      if (line.trimEnd() === ']') open = undefined;
      else if (open.reason === '' && line.trim() !== '') open.reason = line.trim();
      continue;
    }
    const m = OUTCOME_LINE.exec(line);
    if (!m) continue;
    const outcome = OUTCOMES[m[1]!];
    if (!outcome) continue;
    const result: SubtestResult = { name: m[2]!, outcome, reason: '' };
    results.delete(result.name);
    results.set(result.name, result);
    if (m[3]) open = result;
  }
  return [...results.values()];
}

/**
 * `smbtorture --list` prints suite.tcase.test; `--fullname` results drop the test part when a test
 * case holds a single test of the same name (smb2.credits.skipped_mid.skipped_mid → smb2.credits.skipped_mid).
 */
export function fullNameFromListing(listed: string): string {
  const parts = listed.split('.');
  if (parts.length >= 2 && parts[parts.length - 1] === parts[parts.length - 2]) parts.pop();
  return parts.join('.');
}

/** Full names from `smbtorture --list NAME` output, keeping only NAME and what lies below it. */
export function parseListing(stdout: string, name: string): string[] {
  const names = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l === name || l.startsWith(name + '.'))
    .map(fullNameFromListing);
  return [...new Set(names)];
}
