// Case-insensitive name lookup on case-sensitive backends. Windows clients expect NTFS's lookups, where
// "Readme.TXT" opens "readme.txt"; POSIX-like drivers store names with their case and match them exactly
// (DriverCapabilities.caseSensitive). Used by CREATE and by rename and link targets.
//
// Rules: a component that exists as written is used as written (exact match wins). Otherwise its parent is
// enumerated, streaming, and the stored name that equals it ignoring case (MS-FSCC upcase rules,
// names.ts upcaseName) is used; when several do (names differing only in case can coexist on the backend),
// the least in UTF-16 code unit order, so the choice never depends on enumeration order. A component that
// matches nothing, and every component after it, keeps the client's case: new names are created as written.
// A component that is the generated 8.3 short name of an entry (short-names.ts) finds that entry too.
// Every name that is not found as written costs a scan of its directory, so directories are read with
// DriverHandle.listNames (names only) where the driver has it.

import { is8dot3Name, sameNameIgnoringCase, upcaseName } from '../../protocol/fscc/names.ts';
import type { ClientContext, DriverHandle, FileStat, ShareDriver } from '../../ios/types.ts';
import { shortNameOf } from '../info/short-names.ts';
import type { ShareName } from '../paths.ts';

const lookup = (driver: ShareDriver, ctx: ClientContext, path: readonly string[]): Promise<FileStat | undefined> => driver.lookup(ctx, path).catch(() => undefined);

async function exists(driver: ShareDriver, ctx: ClientContext, path: readonly string[]): Promise<boolean> {
  return (await lookup(driver, ctx, path)) !== undefined;
}

/** Opens path for reading metadata only; undefined when it cannot be opened (missing, no access, ...). */
async function openExisting(driver: ShareDriver, ctx: ClientContext, path: readonly string[], directory: boolean): Promise<DriverHandle | undefined> {
  try {
    const { handle } = await driver.open(ctx, path, { disposition: 'open', directory, nonDirectory: false, write: false, attributes: 0 });
    return handle;
  } catch {
    return undefined;
  }
}

/** A directory's names: listNames where the driver has it, enumerate otherwise. */
async function* namesIn(handle: DriverHandle, ctx: ClientContext): AsyncGenerator<string> {
  if (handle.listNames) {
    yield* handle.listNames(ctx);
    return;
  }
  for await (const entry of handle.enumerate(ctx)) yield entry.name;
}

/** Keeps the least name offered, in UTF-16 code unit order: the choice among names equal ignoring case. */
class Best {
  name: string | undefined;
  offer(candidate: string): void {
    if (this.name === undefined || candidate < this.name) this.name = candidate;
  }
}

/** The stored name in directory `dir` that `wanted` names ignoring case (or as a short name), if any. */
async function findInDirectory(driver: ShareDriver, ctx: ClientContext, dir: readonly string[], wanted: string): Promise<string | undefined> {
  const handle = await openExisting(driver, ctx, dir, true);
  if (!handle) return undefined;
  const upcased = upcaseName(wanted);
  const byShortName = wanted.includes('~') && is8dot3Name(wanted);
  const longMatch = new Best();
  const shortMatch = new Best();
  try {
    for await (const name of namesIn(handle, ctx)) {
      if (name === '.' || name === '..') continue;
      if (name.length === wanted.length && upcaseName(name) === upcased) longMatch.offer(name);
      else if (byShortName && longMatch.name === undefined) {
        const short = shortNameOf(name);
        if (short !== undefined && sameNameIgnoringCase(short, wanted)) shortMatch.offer(name);
      }
    }
  } catch {
    // A directory that cannot be listed finds nothing; the open that follows reports the real problem.
  } finally {
    await handle.close(ctx).catch(() => undefined);
  }
  return longMatch.name ?? shortMatch.name;
}

/**
 * The path as stored: each existing component in the case the backend holds it, the rest as given. Drivers
 * that are not case-sensitive get the path back unchanged.
 */
export async function resolvePath(driver: ShareDriver, ctx: ClientContext, path: readonly string[]): Promise<string[]> {
  return (await resolveAndLookup(driver, ctx, path)).path;
}

/** resolvePath, with the object the resolved path names (undefined when it does not exist). */
export async function resolveAndLookup(driver: ShareDriver, ctx: ClientContext, path: readonly string[]): Promise<{ path: string[]; stat: FileStat | undefined }> {
  const stat = await lookup(driver, ctx, path);
  if (stat || path.length === 0 || !driver.capabilities.caseSensitive) return { path: [...path], stat };
  // Most misses are new names in a directory named as stored: only the last component needs a scan.
  const parent = path.slice(0, -1);
  const parentExists = parent.length === 0 || (await exists(driver, ctx, parent));
  const resolved: string[] = parentExists ? parent : [];
  for (let i = resolved.length; i < path.length; i++) {
    const wanted = path[i]!;
    const unchangedSoFar = resolved.every((name, j) => name === path[j]);
    // The whole path as given was looked up above.
    const exact = !(i === path.length - 1 && unchangedSoFar) && (await exists(driver, ctx, [...resolved, wanted]));
    const name = exact ? wanted : await findInDirectory(driver, ctx, resolved, wanted);
    if (name === undefined) return { path: [...resolved, ...path.slice(i)], stat: undefined };
    resolved.push(name);
  }
  return { path: resolved, stat: await lookup(driver, ctx, resolved) };
}

/**
 * The stored name of a named stream of the object at path (streams are matched ignoring case too, MS-FSCC
 * 2.1.5.3), or `stream` itself when the object or such a stream does not exist.
 */
export async function resolveStreamName(driver: ShareDriver, ctx: ClientContext, path: readonly string[], stream: string): Promise<string> {
  if (stream === '' || !driver.capabilities.namedStreams) return stream;
  const handle = await openExisting(driver, ctx, path, false);
  if (!handle?.listStreams) {
    await handle?.close(ctx).catch(() => undefined);
    return stream;
  }
  try {
    const best = new Best();
    for (const s of await handle.listStreams(ctx)) {
      if (s.name === stream) return stream;
      if (sameNameIgnoringCase(s.name, stream)) best.offer(s.name);
    }
    return best.name ?? stream;
  } catch {
    return stream;
  } finally {
    await handle.close(ctx).catch(() => undefined);
  }
}

/**
 * A parsed CREATE name with its path and stream as stored (resolvePath, then resolveStreamName), and the
 * object at the path as looked up on the way (undefined when missing), so CREATE need not look it up again.
 */
export async function resolveShareName(driver: ShareDriver, ctx: ClientContext, name: ShareName): Promise<ShareName & { stat: FileStat | undefined }> {
  const { path, stat } = await resolveAndLookup(driver, ctx, name.path);
  const stream = name.stream && stat ? await resolveStreamName(driver, ctx, path, name.stream) : name.stream;
  return { path, stream, stat };
}
