// Loads test/fixtures/auth/smbclient-samba.json (see capture.sh there): real smbclient <-> Samba security buffers.

import { readFileSync } from 'node:fs';

interface Frame {
  command: 'NEGOTIATE' | 'SESSION_SETUP';
  from: 'client' | 'server';
  status?: string;
  securityBuffer: string;
}

interface Fixture {
  user: string;
  connections: { password: string; frames: Frame[] }[];
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/auth/smbclient-samba.json', import.meta.url), 'utf8'),
);

export interface SambaLogon {
  user: string;
  password: string;
  /** Samba's SMB2 NEGOTIATE response security buffer (its NegTokenInit2). */
  negotiateResponse: Buffer;
  /** SESSION_SETUP security buffers in order: client, server, client, server. */
  sessionSetup: { from: 'client' | 'server'; status?: number; buffer: Buffer }[];
}

export const sambaLogons: SambaLogon[] = fixture.connections.map((c) => ({
  user: fixture.user,
  password: c.password,
  negotiateResponse: Buffer.from(
    c.frames.find((f) => f.command === 'NEGOTIATE' && f.from === 'server')!.securityBuffer,
    'hex',
  ),
  sessionSetup: c.frames
    .filter((f) => f.command === 'SESSION_SETUP')
    .map((f) => ({
      from: f.from,
      ...(f.status !== undefined ? { status: Number(f.status) } : {}),
      buffer: Buffer.from(f.securityBuffer, 'hex'),
    })),
}));

/** The logon with the right password, then the one with the wrong password. */
export const [goodLogon, badLogon] = sambaLogons as [SambaLogon, SambaLogon];

/** A seeded PRNG (mulberry32) so fuzz tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random corruptions of a message: byte flips, truncations and extensions. */
export function* mutations(message: Buffer, count: number, seed: number): Generator<Buffer> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const m = Buffer.from(message);
    const kind = random();
    if (kind < 0.6) {
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) m[Math.floor(random() * m.length)] = Math.floor(random() * 256);
      yield m;
    } else if (kind < 0.85) {
      yield m.subarray(0, Math.floor(random() * m.length));
    } else {
      yield Buffer.concat([m, Buffer.alloc(1 + Math.floor(random() * 8), Math.floor(random() * 256))]);
    }
  }
}
