// 8.3 short names (MS-FSCC 2.1.5.2.1) for FileAlternateNameInformation and the ShortName of the *Both*
// directory classes. Drivers store no short names, so the server derives one from each long name alone: the
// same entry gets the same short name in every listing and query, on every connection and after a restart,
// whatever else the directory holds. Generation is always on, as smbtorture (and Samba, with its default
// "mangled names") expects every long name to have one.

import { generateShortName, is8dot3Name } from '../../protocol/fscc/names.ts';

/** generateShortName's "BASE~1" to "BASE~4" candidates, tried before the hashed ones. */
const PREFIX_CANDIDATES = 4;

/**
 * The short name of a long name, or undefined for a name that is already an 8.3 name (it is its own short
 * name, and the *Both* classes leave ShortName empty for it, as NTFS does).
 *
 * generateShortName's first candidates ("LONGFI~1.TXT") depend on which other long names share the prefix,
 * which only a stored short name could remember; rejecting them leaves the hashed candidates ("LO1A2B~1.TXT"),
 * which depend on the long name only. Two long names whose hashes collide get the same short name; Samba's
 * hashed short names share that limit.
 */
export function shortNameOf(longName: string): string | undefined {
  if (is8dot3Name(longName)) return undefined;
  let tried = 0;
  return generateShortName(longName, () => ++tried <= PREFIX_CANDIDATES);
}

/** FileAlternateNameInformation: the short name, or the name itself when it is an 8.3 name. */
export function alternateNameOf(longName: string): string {
  return shortNameOf(longName) ?? longName;
}
