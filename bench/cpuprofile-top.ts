// node bench/cpuprofile-top.ts FILE.cpuprofile [N]
// Prints the functions where a V8 CPU profile (node --cpu-prof) spent most time: self time (the
// function's own code) and total time (including what it called), as shares of all samples.

import fs from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
}

function label(node: ProfileNode): string {
  const f = node.callFrame;
  const where = f.url ? `${path.relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

async function main(): Promise<void> {
  const [file, n = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/cpuprofile-top.ts FILE.cpuprofile [N]');
  const profile = JSON.parse(await fs.readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let samples = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    samples += hits;
    self.set(label(node), (self.get(label(node)) ?? 0) + hits);
    // Count each function once per stack, however often it recurses.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const name = label(byId.get(id)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + hits);
    }
  }

  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(n))
      .map(([name, hits]) => `${((100 * hits) / samples).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  process.stdout.write(`${samples} samples\n\nself time:\n${top(self)}\n\ntotal time:\n${top(total)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
