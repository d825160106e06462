// numpy's default generator, bit for bit: `np.random.default_rng(seed)` is a PCG64 seeded through a SeedSequence, and
// the engines that draw with it (Hugging Face `interleave_datasets`, MosaicML streaming's shortfall) get their numbers
// from `Generator.random` and `Generator.choice`. Reproducing the stream, not just its distribution, is what lets
// `taskmix simulate` print the counts the library itself makes for a seed.
// Followed: numpy/random/bit_generator.pyx (SeedSequence), numpy/random/src/pcg64/pcg64.h (PCG64 XSL-RR 128/64),
// numpy/random/_generator.pyx (`random`, `choice` with `p` and without replacement: Floyd's algorithm),
// numpy/random/src/distributions/distributions.c (`random_bounded_uint64`, buffered Lemire for 32-bit ranges).

const MASK32 = 0xffffffff;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;
const PCG_MULTIPLIER = (2549297995355413924n << 64n) + 4865540595714422341n;

function mul32(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

/** A seed as SeedSequence reads it: an int >= 0 split into 32-bit words, least significant first (0 is one word). */
function seedWords(seed: bigint): number[] {
  const words: number[] = [];
  let x = seed;
  do {
    words.push(Number(x & 0xffffffffn));
    x >>= 32n;
  } while (x > 0n);
  return words;
}

/** SeedSequence's pool for an integer seed (no spawn key). */
function seedPool(seed: bigint): number[] {
  const entropy = seedWords(seed);
  let hashConst = INIT_A;
  const hashmix = (v: number): number => {
    let value = (v ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_A);
    value = mul32(value, hashConst);
    return (value ^ (value >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  const pool = new Array<number>(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i]! : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) if (src !== dst) pool[dst] = mix(pool[dst]!, hashmix(pool[src]!));
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst]!, hashmix(entropy[src]!));
  }
  return pool;
}

/** `SeedSequence.generate_state(n, np.uint64)`. */
function generateState64(pool: readonly number[], n: number): bigint[] {
  let hashConst = INIT_B;
  const words: number[] = [];
  for (let i = 0; i < n * 2; i++) {
    let v = (pool[i % POOL_SIZE]! ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_B);
    v = mul32(v, hashConst);
    words.push((v ^ (v >>> 16)) >>> 0);
  }
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push((BigInt(words[2 * i + 1]!) << 32n) | BigInt(words[2 * i]!));
  return out;
}

/** `np.random.default_rng(seed)`: PCG64 with numpy's seeding, and the Generator methods the engines call. */
export class NumpyGenerator {
  private state = 0n;
  private inc = 0n;
  private hasUint32 = false;
  private uinteger = 0;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`a numpy seed is an integer >= 0, not ${seed}`);
    const [s0, s1, i0, i1] = generateState64(seedPool(BigInt(seed)), 4) as [bigint, bigint, bigint, bigint];
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULTIPLIER + this.inc) & MASK128;
  }

  /** PCG64's next 64 bits (XSL-RR). */
  nextUint64(): bigint {
    this.step();
    const xored = ((this.state >> 64n) ^ this.state) & MASK64;
    const rot = this.state >> 122n;
    return ((xored >> rot) | (xored << ((64n - rot) & 63n))) & MASK64;
  }

  /** PCG64's next 32 bits: the low half of a 64-bit draw, then its high half. */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const next = this.nextUint64();
    this.hasUint32 = true;
    this.uinteger = Number(next >> 32n);
    return Number(next & 0xffffffffn);
  }

  /** `Generator.random()`: 53 random bits in [0, 1). */
  random(): number {
    return Number(this.nextUint64() >> 11n) / 9007199254740992;
  }

  /** `random_bounded_uint64(0, rng)` for rng < 2^32: Lemire's method on 32-bit draws. */
  boundedUint32(rng: number): number {
    if (rng === 0) return 0;
    if (rng === MASK32) return this.nextUint32();
    const rngExcl = rng + 1;
    // The 64-bit product m = draw * rngExcl stays exact in a double only up to 2^53, so it is split.
    const product = (x: number): { hi: number; lo: number } => {
      const m = BigInt(x) * BigInt(rngExcl);
      return { hi: Number(m >> 32n), lo: Number(m & 0xffffffffn) };
    };
    let m = product(this.nextUint32());
    if (m.lo < rngExcl) {
      const threshold = (MASK32 - rng) % rngExcl;
      while (m.lo < threshold) m = product(this.nextUint32());
    }
    return m.hi;
  }

  /** `Generator.choice(n, size, p=p)` (with replacement): cumulative sums normalized, then searchsorted right. */
  choiceWeighted(cdf: Float64Array): number {
    const u = this.random();
    let lo = 0;
    let hi = cdf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The set `Generator.choice(popSize, size, replace=False)` picks, for popSize <= 10000 (Floyd's algorithm; the
   *  final shuffle only reorders it). */
  choiceWithoutReplacement(popSize: number, size: number): number[] {
    if (size > popSize) throw new RangeError('cannot take a larger sample than the population without replacement');
    if (popSize > 10000) throw new RangeError('only populations up to 10000 are reproduced (numpy shuffles larger ones)');
    const chosen = new Set<number>();
    const order: number[] = [];
    for (let j = popSize - size; j < popSize; j++) {
      const val = this.boundedUint32(j);
      const pick = chosen.has(val) ? j : val;
      chosen.add(pick);
      order.push(pick);
    }
    return order;
  }
}

/** The cumulative distribution `choice` searches: `p.cumsum()` divided by its last value, as numpy computes it. */
export function choiceCdf(p: readonly number[]): Float64Array {
  const cdf = new Float64Array(p.length);
  let sum = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = sum += p[i]!;
  const last = cdf[p.length - 1]!;
  for (let i = 0; i < p.length; i++) cdf[i] = cdf[i]! / last;
  return cdf;
}
