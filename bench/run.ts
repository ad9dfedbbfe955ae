// npm run bench -- [--quick] [--repetitions N] [--only bulk,metadata,reads] [--cpu-prof DIR]
// Compares smb3d with a Samba smbd on the same machine, in one run, as ratios: each scenario runs against
// both servers alternately, several times, and the medians are compared. Absolute numbers depend on the
// machine; the ratios are what to watch. Writes bench/results/latest.json (see bench/results/README.md).

import { randomFillSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { impacketReads, smbclient, smbclientVersion } from './clients.ts';
import { NewChildPeak, peakRssKiB, resetPeak, rssKiB } from './memory.ts';
import { Collector, formatReport, type Report } from './report.ts';
import { emptyShare, startSamba, startSmb3d, type BenchServer } from './servers.ts';

const USAGE = `usage: npm run bench -- [options]
  --quick             short smoke run (small sizes, one repetition)
  --repetitions N     repetitions per scenario and server (default 5, quick 1)
  --only LIST         comma-separated groups to run: bulk, metadata, reads, large (default all)
  --cpu-prof DIR      run smb3d under node --cpu-prof, writing its .cpuprofile to DIR`;

const RESULTS = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const MiB = 1024 * 1024;
const GROUPS = ['bulk', 'metadata', 'reads', 'large'] as const;
type Group = (typeof GROUPS)[number];

interface Config {
  quick: boolean;
  repetitions: number;
  fileMiB: number;
  files: number;
  /** Directory listings per metadata repetition, in one smbclient session. */
  listings: number;
  reads: number;
  readSize: number;
  /** Entries of the large directory listed once, to show memory does not grow with it. */
  largeDirectory: number;
  groups: Set<Group>;
  cpuProfDir?: string;
}

function config(argv: string[]): Config {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      repetitions: { type: 'string' },
      only: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const repetitions = v.repetitions === undefined ? (v.quick ? 1 : 5) : Number(v.repetitions);
  if (!Number.isInteger(repetitions) || repetitions < 1) throw new Error('--repetitions must be a positive integer');
  const groups = new Set((v.only ?? GROUPS.join(',')).split(',') as Group[]);
  for (const g of groups) if (!GROUPS.includes(g)) throw new Error(`--only: unknown group "${g}" (${GROUPS.join(', ')})`);
  return {
    quick: v.quick,
    repetitions,
    fileMiB: v.quick ? 32 : 256,
    files: v.quick ? 200 : 2000,
    listings: v.quick ? 2 : 10,
    reads: v.quick ? 2000 : 20_000,
    readSize: 4096,
    largeDirectory: v.quick ? 10_000 : 100_000,
    groups,
    cpuProfDir: v['cpu-prof'],
  };
}

/** smbclient protection flags per bulk scenario; every scenario negotiates SMB 3.1.1. */
const BULK_VARIANTS: [string, string[]][] = [
  ['unsigned', ['--client-protection=off']],
  ['signed AES-128-GMAC', ['--client-protection=sign', '--option=client smb3 signing algorithms=aes-128-gmac']],
  ['signed AES-128-CMAC', ['--client-protection=sign', '--option=client smb3 signing algorithms=aes-128-cmac']],
  ['encrypted AES-128-GCM', ['--client-protection=encrypt', '--option=client smb3 encryption algorithms=aes-128-gcm']],
  ['encrypted AES-256-GCM', ['--client-protection=encrypt', '--option=client smb3 encryption algorithms=aes-256-gcm']],
];
const UNSIGNED = BULK_VARIANTS[0]![1];

const log = (line: string) => process.stderr.write(line + '\n');

/** Alternates which server goes first, so slow drift of the machine does not favour one. */
const inTurn = (servers: readonly BenchServer[], repetition: number) => (repetition % 2 === 0 ? servers : [...servers].reverse());

async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  const chunk = Buffer.allocUnsafe(MiB);
  for (let done = 0; done < bytes; done += MiB) {
    randomFillSync(chunk);
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function bulk(cfg: Config, servers: BenchServer[], source: string, out: Collector): Promise<void> {
  const bytes = cfg.fileMiB * MiB;
  for (const [variant, protection] of BULK_VARIANTS) {
    for (let rep = 0; rep < cfg.repetitions; rep++) {
      for (const server of inTurn(servers, rep)) {
        await fs.rm(path.join(server.shareDir, 'bulk.bin'), { force: true });
        const samba = server.name === 'samba' ? new NewChildPeak(server.pid) : undefined;
        if (samba) await samba.start();
        else await resetPeak(server.pid);
        const write = await smbclient(server, protection, `put ${source} bulk.bin`);
        const size = (await fs.stat(path.join(server.shareDir, 'bulk.bin'))).size;
        if (size !== bytes) throw new Error(`${server.name}: bulk.bin is ${size} bytes after put, expected ${bytes}`);
        const read = await smbclient(server, protection, 'get bulk.bin /dev/null');
        out.addPeak(variant, server.name, samba ? await samba.stop() : await peakRssKiB(server.pid));
        out.addRate(`write ${variant}`, 'MiB/s', server.name, cfg.fileMiB / write);
        out.addRate(`read ${variant}`, 'MiB/s', server.name, cfg.fileMiB / read);
        log(`  ${variant} #${rep + 1} ${server.name}: write ${(cfg.fileMiB / write).toFixed(0)} MiB/s, read ${(cfg.fileMiB / read).toFixed(0)} MiB/s`);
      }
    }
  }
}

async function metadata(cfg: Config, servers: BenchServer[], work: string, out: Collector): Promise<void> {
  const local = path.join(work, 'files');
  await fs.mkdir(local);
  const content = Buffer.alloc(100, 'x');
  for (let i = 0; i < cfg.files; i++) await fs.writeFile(path.join(local, `f${String(i).padStart(5, '0')}.txt`), content);
  const n = cfg.files.toLocaleString('en-US');
  for (let rep = 0; rep < cfg.repetitions; rep++) {
    for (const server of inTurn(servers, rep)) {
      const dir = `meta${rep}`;
      const create = await smbclient(server, UNSIGNED, `mkdir ${dir}; cd ${dir}; lcd ${local}; prompt off; mput *`);
      const created = (await fs.readdir(path.join(server.shareDir, dir))).length;
      if (created !== cfg.files) throw new Error(`${server.name}: ${created} files after mput, expected ${cfg.files}`);
      const list = await smbclient(server, UNSIGNED, [`cd ${dir}`, ...Array<string>(cfg.listings).fill('ls')].join('; '));
      await fs.rm(path.join(server.shareDir, dir), { recursive: true });
      out.addRate(`create ${n} files`, 'files/s', server.name, cfg.files / create);
      out.addRate(`list ${n} entries ×${cfg.listings}`, 'entries/s', server.name, (cfg.files * cfg.listings) / list);
      log(`  metadata #${rep + 1} ${server.name}: create ${(cfg.files / create).toFixed(0)} files/s, list ${((cfg.files * cfg.listings) / list).toFixed(0)} entries/s`);
    }
  }
}

async function reads(cfg: Config, servers: BenchServer[], source: string, out: Collector): Promise<void> {
  for (const server of servers) {
    const file = path.join(server.shareDir, 'reads.bin');
    await fs.copyFile(source, file);
    // The copy may share extents with the source without passing through the page cache; read it once
    // so neither server waits on the disk.
    for await (const _ of (await fs.open(file)).createReadStream({ highWaterMark: MiB }));
  }
  const name = `${cfg.reads.toLocaleString('en-US')} × ${cfg.readSize / 1024} KiB random reads`;
  for (let rep = 0; rep < cfg.repetitions; rep++) {
    for (const server of inTurn(servers, rep)) {
      const r = await impacketReads(server, 'reads.bin', cfg.reads, cfg.readSize, rep + 1);
      out.addRate(name, 'reads/s', server.name, r.ops / r.seconds);
      log(`  reads #${rep + 1} ${server.name}: ${(r.ops / r.seconds).toFixed(0)} reads/s (dialect ${r.dialect})`);
    }
  }
}

/**
 * Lists a 1,000-entry and a large directory once each and records each server's peak RSS during the
 * listing: a server that streams the enumeration peaks at about the same memory for both.
 */
async function largeDirectory(cfg: Config, servers: BenchServer[], out: Collector): Promise<void> {
  for (const count of [1000, cfg.largeDirectory]) {
    const label = `list one directory of ${count.toLocaleString('en-US')} entries`;
    for (const server of servers) {
      const dir = path.join(server.shareDir, `dir${count}`);
      await fs.mkdir(dir);
      // Files are made directly in the backing folder: this scenario measures listing, not creating.
      for (let i = 0; i < count; i += 1000) {
        await Promise.all(Array.from({ length: Math.min(1000, count - i) }, (_, j) => fs.writeFile(path.join(dir, `f${String(i + j).padStart(6, '0')}`), '')));
      }
      const samba = server.name === 'samba' ? new NewChildPeak(server.pid) : undefined;
      if (samba) await samba.start();
      else await resetPeak(server.pid);
      const seconds = await smbclient(server, UNSIGNED, `ls dir${count}\\*`);
      out.addPeak(label, server.name, samba ? await samba.stop() : await peakRssKiB(server.pid));
      out.addRate(label, 'entries/s', server.name, count / seconds);
      log(`  ${label} ${server.name}: ${(count / seconds).toFixed(0)} entries/s`);
      await fs.rm(dir, { recursive: true });
    }
  }
}

async function main(): Promise<void> {
  const cfg = config(process.argv.slice(2));
  const startedAt = new Date();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'smb-bench-'));
  const servers: BenchServer[] = [];
  const stopAll = async () => {
    for (const s of servers.splice(0)) await s.stop().catch((e: Error) => log(`stopping ${s.name}: ${e.message}`));
    await fs.rm(work, { recursive: true, force: true });
  };
  const onSignal = () => void stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const out = new Collector();
  try {
    const source = path.join(work, 'source.bin');
    await writeRandomFile(source, cfg.fileMiB * MiB);
    if (cfg.cpuProfDir) await fs.mkdir(cfg.cpuProfDir, { recursive: true });
    servers.push(await startSmb3d({ nodeFlags: cfg.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(cfg.cpuProfDir)] : [] }));
    // Node's own footprint (runtime, compiled code), which every scenario's peak includes.
    out.addPeak('idle, after start', 'us', await rssKiB(servers[0]!.pid));
    servers.push(await startSamba());
    log(`smb3d on port ${servers[0]!.port}, samba on port ${servers[1]!.port}`);
    if (cfg.groups.has('bulk')) {
      log(`bulk: ${cfg.fileMiB} MiB put/get with smbclient, SMB 3.1.1`);
      await bulk(cfg, servers, source, out);
    }
    for (const s of servers) await emptyShare(s);
    if (cfg.groups.has('metadata')) {
      log(`metadata: ${cfg.files} files with smbclient mput, then ${cfg.listings} listings`);
      await metadata(cfg, servers, work, out);
    }
    if (cfg.groups.has('large')) {
      log(`large: peak memory listing 1,000 and ${cfg.largeDirectory.toLocaleString('en-US')} entries, once each`);
      await largeDirectory(cfg, servers, out);
    }
    if (cfg.groups.has('reads')) {
      log(`reads: ${cfg.reads} × ${cfg.readSize} bytes over one impacket connection`);
      await reads(cfg, servers, source, out);
    }
  } finally {
    await stopAll();
  }

  const report: Report = {
    format: 1,
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    quick: cfg.quick,
    config: {
      groups: [...cfg.groups],
      repetitions: cfg.repetitions,
      fileMiB: cfg.fileMiB,
      files: cfg.files,
      listings: cfg.listings,
      reads: cfg.reads,
      readSize: cfg.readSize,
      largeDirectory: cfg.largeDirectory,
    },
    environment: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', smbclient: await smbclientVersion() },
    throughput: out.throughput(),
    memory: out.memory(),
  };
  await fs.mkdir(path.dirname(RESULTS), { recursive: true });
  await fs.writeFile(RESULTS, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(formatReport(report) + '\n\nwritten to ' + path.relative(process.cwd(), RESULTS) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
