// Turns `--list` arguments into the smbtorture runs to make, using the data in lists.ts.

import { DEFAULT_TIMEOUT_SECONDS, lists, suites, type SuiteSpec } from './lists.ts';

export interface PlannedRun {
  /** Where results are reported and expected: the suite of lists.ts that holds the test, else the name itself. */
  suite: string;
  /** What smbtorture is asked to run: a suite or a single test. */
  name: string;
  spec: SuiteSpec;
}

function resolve(entry: string, seen: Set<string>, out: string[]): void {
  const list = lists[entry];
  if (!list) {
    if (!out.includes(entry)) out.push(entry);
    return;
  }
  if (seen.has(entry)) throw new Error(`list "${entry}" includes itself`);
  seen.add(entry);
  for (const e of list) resolve(e, seen, out);
  seen.delete(entry);
}

function owningSuite(name: string): string {
  if (suites[name]) return name;
  let best = name;
  for (const s of Object.keys(suites)) if (name.startsWith(s + '.') && (best === name || s.length > best.length)) best = s;
  return best;
}

/** `arg` is a comma-separated mix of list names, suite names and test names. */
export function planRuns(arg: string): PlannedRun[] {
  const names: string[] = [];
  for (const entry of arg.split(',').map((e) => e.trim()).filter(Boolean)) resolve(entry, new Set(), names);
  if (names.length === 0) throw new Error('--list names nothing to run');
  return names.map((name) => {
    const suite = owningSuite(name);
    return { suite, name, spec: suites[suite] ?? { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS } };
  });
}
