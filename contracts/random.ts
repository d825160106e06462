// mulberry32: a small seeded generator, identical in every JavaScript engine, so that seeded sampling, the test
// T5's weights and generated mixtures reproduce everywhere (Math.random cannot be seeded). One copy for them all.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
