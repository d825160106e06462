// T5's relative position buckets, as Hugging Face's `_relative_position_bucket` computes them in float32.
// The graphs look buckets up in a table indexed by the clipped relative position: every distance at or beyond
// max_distance falls in the last bucket, so a table over [-max_distance, max_distance] is exact.

export function relativePositionBucket(relativePosition: number, bidirectional: boolean, numBuckets: number, maxDistance: number): number {
  let buckets = numBuckets;
  let bucket = 0;
  let rp = relativePosition;
  if (bidirectional) {
    buckets = Math.floor(buckets / 2);
    if (rp > 0) bucket += buckets;
    rp = Math.abs(rp);
  } else {
    rp = -Math.min(rp, 0);
  }
  const maxExact = Math.floor(buckets / 2);
  if (rp < maxExact) return bucket + rp;
  const f = Math.fround;
  const scaled = f(f(f(Math.log(f(rp / maxExact))) / f(Math.log(maxDistance / maxExact))) * (buckets - maxExact));
  return bucket + Math.min(maxExact + Math.trunc(scaled), buckets - 1);
}

/** bucketTable[rp + maxDistance] for rp in [-maxDistance, maxDistance]. */
export function bucketTable(bidirectional: boolean, numBuckets: number, maxDistance: number): BigInt64Array {
  const table = new BigInt64Array(2 * maxDistance + 1);
  for (let rp = -maxDistance; rp <= maxDistance; rp++) {
    table[rp + maxDistance] = BigInt(relativePositionBucket(rp, bidirectional, numBuckets, maxDistance));
  }
  return table;
}
