// A small seeded PRNG for reproducible simulations: xoshiro128** (Blackman & Vigna, 2018), 32-bit state
// words so it runs on JavaScript's int32 arithmetic, seeded through splitmix32 so that nearby seeds give
// unrelated streams. Not for cryptography. Same seed, same sequence, on every platform.

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32 step: returns [next state, output]; used only to spread a seed over the 128-bit state. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

export class Xoshiro128StarStar {
  private readonly s = new Uint32Array(4);

  /** From a seed: any finite number (its integer part's low 53 bits are used; negatives allowed). */
  static fromSeed(seed: number): Xoshiro128StarStar {
    const whole = Math.trunc(Number.isFinite(seed) ? seed : 0);
    const low = whole | 0;
    const high = Math.floor(whole / 4294967296) | 0;
    let state = low ^ Math.imul(high, 0x27d4eb2d);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    // The all-zero state is the one fixed point of xoshiro; splitmix32 cannot give it, but guard anyway.
    if (!words.some((w) => w !== 0)) words[0] = 1;
    return new Xoshiro128StarStar(words);
  }

  /** From a raw 128-bit state (four uint32 words), e.g. for the reference test vectors. */
  constructor(state: readonly number[]) {
    for (let i = 0; i < 4; i++) this.s[i] = state[i] >>> 0;
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits (two draws), like Math.random's resolution. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }
}

export interface UniformSource {
  nextFloat(): number;
}
