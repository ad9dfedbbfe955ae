// When LastWriteTime moves. Backends stamp the time on every write; Windows file servers (and Samba, whose
// behaviour smbtorture's smb2.timestamps checks) hold the update back: after the first write through an open,
// queries keep showing the old time for two seconds, then the new one, and later writes through that open
// show only when it closes. FLUSH, and SET_INFO of the end of file, allocation or basic information, make a
// held-back update at once. A time the client set explicitly through an open (or froze with -1, MS-FSCC 2.4.7)
// stays while that open writes, and is put back when it closes.
//
// The server keeps this itself, for every driver: per open in a WeakMap, per file as the object's
// reportedWriteTime, which replaces the driver's LastWriteTime in everything reported (reportedStat).

import { fileTimeFromUnixNs } from '../../protocol/fscc/filetime.ts';
import type { ClientContext, FileStat, FileTime } from '../../ios/types.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';
import type { Share } from '../state/share.ts';

/** Samba's default "smbd:writetimeupdatedelay"; Windows NTFS updates lazily too. */
export const WRITE_TIME_UPDATE_DELAY_MS = 2000;

interface OpenWriteTime {
  /** The delayed update of this open's first write is scheduled or done; later writes wait for close. */
  triggered: boolean;
  timer: NodeJS.Timeout | undefined;
  /** A write since the last update: the time moves when the open closes. */
  updateOnClose: boolean;
  /** Set explicitly (or frozen) through this open: writes through it do not move it. */
  fixed: FileTime | undefined;
  /** The open wrote after fixing the time, so the backend's time must be put back. */
  restoreOnClose: boolean;
}

const states = new WeakMap<Open, OpenWriteTime>();

function stateOf(open: Open): OpenWriteTime {
  let state = states.get(open);
  if (!state) {
    state = { triggered: false, timer: undefined, updateOnClose: false, fixed: undefined, restoreOnClose: false };
    states.set(open, state);
  }
  return state;
}

/** Microseconds, not Date's milliseconds: clients compare a CLOSE's time with the time they sent it. */
const now = (): FileTime => fileTimeFromUnixNs(BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n);

/** The stat with the LastWriteTime clients should see for the file. */
export function reportedStat(server: ServerState, share: Share, stat: FileStat): FileStat {
  const masked = server.findObject(share, stat.fileId)?.reportedWriteTime;
  return masked === undefined ? stat : { ...stat, lastWriteTime: masked };
}

/** The LastWriteTime clients see through this open right now. */
async function currentWriteTime(open: Open, ctx: ClientContext): Promise<FileTime> {
  const file = open.object?.fileObject;
  return file?.reportedWriteTime ?? (await open.handle!.stat(ctx)).lastWriteTime;
}

/** Before a WRITE reaches the driver: hold the time the write is about to change. */
export async function beforeWrite(open: Open, ctx: ClientContext): Promise<void> {
  const file = open.object?.fileObject;
  if (!file || !open.handle) return;
  const state = stateOf(open);
  if (state.fixed !== undefined) {
    file.reportedWriteTime = state.fixed;
    state.restoreOnClose = true;
    return;
  }
  if (file.reportedWriteTime === undefined) file.reportedWriteTime = (await open.handle.stat(ctx)).lastWriteTime;
  state.updateOnClose = true;
  if (state.triggered) return;
  state.triggered = true;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    state.updateOnClose = false;
    // The backend's time is the time of the writes so far; showing it is the update.
    if (open.object) open.object.fileObject.reportedWriteTime = undefined;
  }, WRITE_TIME_UPDATE_DELAY_MS);
  state.timer.unref();
}

/**
 * FLUSH, SET_INFO end of file / allocation / basic information: a held-back update through this open is made
 * now. A driver that cannot store the time does not fail the request that asked for it.
 */
export async function flushWriteTime(open: Open, ctx: ClientContext): Promise<void> {
  const state = states.get(open);
  const file = open.object?.fileObject;
  if (!state || !file || !open.handle || (!state.updateOnClose && state.timer === undefined)) return;
  clearTimeout(state.timer);
  state.timer = undefined;
  state.triggered = true;
  state.updateOnClose = false;
  if (state.fixed !== undefined) return;
  file.reportedWriteTime = undefined;
  await open.handle.setBasicInfo(ctx, { lastWriteTime: now() }).catch(() => undefined);
}

/**
 * A client set LastWriteTime through this open, froze it (-1: the current time stays), or resumed updates (-2,
 * which puts back the frozen time over writes made meanwhile). A pending update of this open is dropped: the
 * explicit time wins.
 */
export async function setWriteTime(open: Open, ctx: ClientContext, request: { set: FileTime } | { freeze: true } | { resume: true }): Promise<void> {
  const state = stateOf(open);
  const file = open.object?.fileObject;
  if ('resume' in request) {
    const frozen = state.restoreOnClose ? state.fixed : undefined;
    state.fixed = undefined;
    state.restoreOnClose = false;
    if (frozen !== undefined) await open.handle!.setBasicInfo(ctx, { lastWriteTime: frozen });
    if (file) file.reportedWriteTime = undefined;
    return;
  }
  clearTimeout(state.timer);
  state.timer = undefined;
  state.triggered = true;
  state.updateOnClose = false;
  state.fixed = 'set' in request ? request.set : await currentWriteTime(open, ctx);
  if (file) file.reportedWriteTime = 'set' in request ? undefined : state.fixed;
}

/**
 * CLOSE: a write since the last update moves the time to now; a fixed time the open wrote over is put back.
 * A driver that cannot store the time does not fail the close.
 */
export async function settleWriteTime(open: Open, ctx: ClientContext): Promise<void> {
  const state = states.get(open);
  if (!state) return;
  states.delete(open);
  clearTimeout(state.timer);
  const file = open.object?.fileObject;
  if (!file || !open.handle) return;
  const time = state.fixed !== undefined ? (state.restoreOnClose ? state.fixed : undefined) : state.updateOnClose ? now() : undefined;
  if (time === undefined) return;
  file.reportedWriteTime = undefined;
  await open.handle.setBasicInfo(ctx, { lastWriteTime: time }).catch(() => undefined);
}
