// Hierarchical clustering (average linkage) of the rows of a matrix with missing cells, for the Transfer tab's
// "group similar tasks" ordering. Distances use only the columns both rows have; rows sharing no column are
// as far apart as the farthest observed pair, so missing data never pulls unrelated tasks together.

/** Root-mean-square difference over the columns where both rows have a value; NaN when they share none. */
export function rowDistance(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  let sum = 0;
  let shared = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x == null || y == null) continue;
    sum += (x - y) * (x - y);
    shared++;
  }
  return shared === 0 ? NaN : Math.sqrt(sum / shared);
}

/**
 * Leaf order of an average-linkage dendrogram over the rows: similar rows end up next to each other.
 * Deterministic: ties merge the lowest indices first, and each merge puts the cluster holding the lower
 * original index on the left. O(n^3) time, fine for the few hundred tasks a `results` block holds.
 */
export function clusterRowOrder(matrix: readonly (readonly (number | null)[])[]): number[] {
  const n = matrix.length;
  if (n <= 2) return matrix.map((_, i) => i);
  const dist: Float64Array[] = [];
  let farthest = 0;
  for (let i = 0; i < n; i++) {
    dist.push(new Float64Array(n));
    for (let j = 0; j < i; j++) {
      const d = rowDistance(matrix[i]!, matrix[j]!);
      dist[i]![j] = d;
      dist[j]![i] = d;
      if (d > farthest) farthest = d;
    }
  }
  const fallback = farthest > 0 ? farthest * 2 : 1;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (Number.isNaN(dist[i]![j]!)) dist[i]![j] = fallback;

  // Each live cluster: its members in leaf order and its size; dist holds average-linkage distances.
  const members: (number[] | null)[] = matrix.map((_, i) => [i]);
  for (let live = n; live > 1; live--) {
    let bestI = -1;
    let bestJ = -1;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      if (!members[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (!members[j]) continue;
        if (dist[i]![j]! < best) {
          best = dist[i]![j]!;
          bestI = i;
          bestJ = j;
        }
      }
    }
    const a = members[bestI]!;
    const b = members[bestJ]!;
    for (let k = 0; k < n; k++) {
      if (!members[k] || k === bestI || k === bestJ) continue;
      const d = (dist[bestI]![k]! * a.length + dist[bestJ]![k]! * b.length) / (a.length + b.length);
      dist[bestI]![k] = d;
      dist[k]![bestI] = d;
    }
    members[bestI] = a.concat(b);
    members[bestJ] = null;
  }
  return members.find((m) => m !== null)!;
}
