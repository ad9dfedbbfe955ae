// Peak resident memory of the server processes, from Linux /proc (proc(5)): VmHWM is the high-water mark
// of RSS, and writing 5 to clear_refs resets it to the current RSS, so one process can be measured
// scenario by scenario.

import fs from 'node:fs/promises';

async function statusField(pid: number, field: string): Promise<number | undefined> {
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined; // the process has exited
  }
}

/** Peak RSS in KiB since start or the last resetPeak, or undefined once the process is gone. */
export const peakRssKiB = (pid: number): Promise<number | undefined> => statusField(pid, 'VmHWM');

/** Current RSS in KiB, or undefined once the process is gone. */
export const rssKiB = (pid: number): Promise<number | undefined> => statusField(pid, 'VmRSS');

export async function resetPeak(pid: number): Promise<void> {
  await fs.writeFile(`/proc/${pid}/clear_refs`, '5');
}

async function children(pid: number): Promise<number[]> {
  try {
    const text = await fs.readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Watches the children a forking server (smbd) starts after `start()`: smbd serves each connection in
 * a child that exits with the connection, so its VmHWM is sampled while it lives. Children present at
 * start (smbd's notify and cleanup helpers) are ignored.
 */
export class NewChildPeak {
  private readonly parent: number;
  private baseline = new Set<number>();
  private peak: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(parent: number) {
    this.parent = parent;
  }

  async start(intervalMs = 50): Promise<void> {
    this.baseline = new Set(await children(this.parent));
    this.peak = undefined;
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample());
    }, intervalMs);
  }

  /** Samples once more and returns the largest VmHWM (KiB) seen in a new child, if any appeared. */
  async stop(): Promise<number | undefined> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    return this.peak;
  }

  private async sample(): Promise<void> {
    for (const pid of await children(this.parent)) {
      if (this.baseline.has(pid)) continue;
      const kib = await peakRssKiB(pid);
      if (kib !== undefined && (this.peak === undefined || kib > this.peak)) this.peak = kib;
    }
  }
}
