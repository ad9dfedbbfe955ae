// A seeded PRNG for reproducible fuzzing: xorshift32 (G. Marsaglia, "Xorshift RNGs", J. Stat. Softw. 8(14),
// 2003, shifts 13/17/5). A failing run reproduces from its seed alone.

export interface Rng {
  /** Uniform unsigned 32-bit integer. */
  u32(): number;
  /** Uniform integer in [0, n). */
  below(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Buffer;
}

export function xorshift32(seed: number): Rng {
  let x = seed >>> 0 || 0x9e3779b9;
  const u32 = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const below = (n: number): number => (n <= 1 ? 0 : Math.floor((u32() / 0x1_0000_0000) * n));
  return {
    u32,
    below,
    chance: (p) => u32() / 0x1_0000_0000 < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[below(items.length)]!;
    },
    bytes: (n) => {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
}
