// MS-FSA 2.1.4.4 "Algorithm for Determining if a FileName Is in an Expression", the matcher behind the
// FileName pattern of SMB2 QUERY_DIRECTORY. Wildcards (MS-FSA 2.1.4.3):
//   *  any run of characters            ?  exactly one character
//   <  DOS_STAR: any run of characters, but it never takes the last "." of the name
//   >  DOS_QM: one character other than "."; at a "." or at the end of the name it matches nothing
//   "  DOS_DOT: a "." or, at the end of the name, nothing
// The expression is run as a nondeterministic automaton over the name, one set of expression positions per
// name character, so the cost is O(name length x expression length) whatever the pattern: no backtracking.

import { upcaseName as upcase } from './names.ts';

const STAR = 0x2a; // *
const QM = 0x3f; // ?
const DOS_STAR = 0x3c; // <
const DOS_QM = 0x3e; // >
const DOS_DOT = 0x22; // "
const DOT = 0x2e;

/** True if the expression contains any of the five wildcard characters. */
export function isWildcardPattern(expression: string): boolean {
  return /[*?<>"]/.test(expression);
}

/** Runs of "*" match exactly what one "*" matches; collapsing them keeps the automaton small. */
function collapseStars(expression: string): string {
  return expression.replace(/\*{2,}/g, '*');
}

export function isNameInExpression(fileName: string, expression: string, ignoreCase: boolean): boolean {
  // Part 1: the special cases.
  if (fileName.length === 0) return expression.length === 0;
  if (expression.length === 0) return false;
  if (expression === '*' || expression === '*.*') return true;

  const name = ignoreCase ? upcase(fileName) : fileName;
  const expr = collapseStars(ignoreCase ? upcase(expression) : expression);
  // "*" followed by no other wildcard: compare the tail.
  if (expr.charCodeAt(0) === STAR && !isWildcardPattern(expr.slice(1))) return name.endsWith(expr.slice(1));

  // Part 2: match, case folded on both sides when asked to.
  const n = name.length;
  const m = expr.length;

  // Characters the expression must consume no matter what (literals and "?"): more than the name has
  // means no match, which also keeps long non-wildcard expressions cheap.
  let mandatory = 0;
  for (let p = 0; p < m; p++) {
    const e = expr.charCodeAt(p);
    if (e !== STAR && e !== DOS_STAR && e !== DOS_QM && e !== DOS_DOT) mandatory++;
  }
  if (mandatory > n) return false;

  const lastDot = name.lastIndexOf('.');
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);

  // Moves that consume nothing, all forward, so one left-to-right pass closes the set. `at` is the index of
  // the next name character (n at the end of the name).
  const close = (set: Uint8Array, at: number): void => {
    const atEnd = at === n;
    const atDot = !atEnd && name.charCodeAt(at) === DOT;
    for (let p = 0; p < m; p++) {
      if (!set[p]) continue;
      const e = expr.charCodeAt(p);
      const skips = e === STAR || e === DOS_STAR || (e === DOS_QM && (atEnd || atDot)) || (e === DOS_DOT && atEnd);
      if (skips) set[p + 1] = 1;
    }
  };

  current[0] = 1;
  close(current, 0);
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    next.fill(0);
    let alive = false;
    for (let p = 0; p < m; p++) {
      if (!current[p]) continue;
      const e = expr.charCodeAt(p);
      let stay = false;
      let advance = false;
      if (e === STAR) stay = true;
      else if (e === DOS_STAR) stay = c !== DOT || i < lastDot;
      else if (e === QM) advance = true;
      else if (e === DOS_QM) advance = c !== DOT;
      else if (e === DOS_DOT) advance = c === DOT;
      else advance = e === c;
      if (stay) next[p] = 1;
      if (advance) next[p + 1] = 1;
      alive ||= stay || advance;
    }
    if (!alive) return false;
    close(next, i + 1);
    [current, next] = [next, current];
  }
  return current[m] === 1;
}
