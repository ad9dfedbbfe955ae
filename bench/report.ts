// What a benchmark run produces: per scenario the rate each server reached in every repetition, their
// medians and our/Samba ratio; and peak memory. Format described in bench/results/README.md.

import type { ServerName } from './servers.ts';

export interface Series {
  /** Rate per repetition, in the row's unit. */
  samples: number[];
  median: number;
}

export interface ThroughputRow {
  scenario: string;
  unit: string;
  us: Series;
  samba: Series;
  /** us.median / samba.median: above 1 we are faster. */
  ratio: number;
}

export interface MemoryRow {
  scenario: string;
  /** Largest peak RSS over the repetitions, MiB; Samba's is its per-connection smbd child. */
  usPeakMiB: number;
  sambaPeakMiB: number | null;
  /** usPeakMiB / sambaPeakMiB: above 1 we use more. */
  ratio: number | null;
}

export interface Report {
  format: 1;
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  config: { groups: string[]; repetitions: number; fileMiB: number; files: number; listings: number; reads: number; readSize: number; largeDirectory: number };
  environment: { node: string; cpus: number; cpuModel: string; smbclient: string };
  throughput: ThroughputRow[];
  memory: MemoryRow[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Collects rates per scenario and server in the order scenarios first appear. */
export class Collector {
  private readonly rows = new Map<string, { unit: string; samples: Record<ServerName, number[]> }>();
  private readonly peaks = new Map<string, Record<ServerName, number[]>>();

  addRate(scenario: string, unit: string, server: ServerName, rate: number): void {
    let row = this.rows.get(scenario);
    if (!row) this.rows.set(scenario, (row = { unit, samples: { us: [], samba: [] } }));
    row.samples[server].push(rate);
  }

  addPeak(scenario: string, server: ServerName, kib: number | undefined): void {
    if (kib === undefined) return;
    let row = this.peaks.get(scenario);
    if (!row) this.peaks.set(scenario, (row = { us: [], samba: [] }));
    row[server].push(kib);
  }

  throughput(): ThroughputRow[] {
    return [...this.rows].map(([scenario, { unit, samples }]) => {
      const us = { samples: samples.us, median: median(samples.us) };
      const samba = { samples: samples.samba, median: median(samples.samba) };
      return { scenario, unit, us, samba, ratio: us.median / samba.median };
    });
  }

  memory(): MemoryRow[] {
    return [...this.peaks].flatMap(([scenario, kib]) => {
      if (kib.us.length === 0) return [];
      const usPeakMiB = Math.max(...kib.us) / 1024;
      const sambaPeakMiB = kib.samba.length > 0 ? Math.max(...kib.samba) / 1024 : null;
      return [{ scenario, usPeakMiB, sambaPeakMiB, ratio: sambaPeakMiB === null ? null : usPeakMiB / sambaPeakMiB }];
    });
  }
}

function fmt(n: number): string {
  if (n >= 1000) return Math.round(n).toLocaleString('en-US');
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export function formatReport(report: Report): string {
  const throughput = table(
    ['scenario', 'us', 'samba', 'ratio us/samba'],
    report.throughput.map((r) => [`${r.scenario} (${r.unit})`, fmt(r.us.median), fmt(r.samba.median), r.ratio.toFixed(2)]),
  );
  const memory = table(
    ['peak RSS (MiB)', 'us (smb3d)', 'samba (smbd child)', 'ratio us/samba'],
    report.memory.map((r) => [r.scenario, fmt(r.usPeakMiB), r.sambaPeakMiB === null ? 'n/a' : fmt(r.sambaPeakMiB), r.ratio === null ? 'n/a' : r.ratio.toFixed(2)]),
  );
  const c = report.config;
  return [
    `${c.groups.join(', ')}: medians of ${c.repetitions} repetition(s) per server, ${report.durationSeconds.toFixed(0)} s in all`,
    '',
    throughput,
    '',
    memory,
  ].join('\n');
}
