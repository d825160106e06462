// Generates big, realistic mixture files for benchmarks and stress tests (deterministic per seed).
// Run directly to print one: `node out/scripts/gen-mixture.js 1000 [seed] > big.mixture.yaml`.

import { mulberry32 } from '../contracts/random';

const METRICS = ['accuracy', 'exact_match', 'f1', 'matthews_corr', 'pearson', 'spearman', 'bleu', 'rouge1', 'rouge2', 'rougeL'];
const FIELD_NAMES = ['question', 'answer', 'sentence', 'label', 'premise', 'hypothesis', 'context', 'summary'];

const seededRandom = mulberry32;

function taskName(i: number): string {
  return `task_${String(i).padStart(5, '0')}`;
}

/**
 * A mixture file with `nTasks` tasks: a header (temperature sampling, cap, budget), tasks with unique names
 * `task_00042` and prefixes `"task 42:"` (the trailing ':' keeps any prefix from being a prefix of another),
 * examples, metrics, tags, some `fields:` flow maps and comments, and a small `results` block.
 */
export function generateMixtureText(nTasks: number, seed = 1): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const lines: string[] = [
    `# A generated mixture of ${nTasks} tasks (seed ${seed}), for benchmarks.`,
    `mixture: generated_${nTasks}`,
    `description: ${nTasks} synthetic tasks mixed with temperature sampling`,
    'sampling:',
    '  strategy: temperature',
    '  temperature: 2',
    '  cap: 2097152',
    'budget:',
    '  steps: 262144',
    '  batch_size: 128',
    '  max_epochs: 10',
    'tasks:',
  ];
  for (let i = 0; i < nTasks; i++) {
    if (i % 10 === 0) lines.push(`  # group ${i / 10}`);
    lines.push(`  - name: ${taskName(i)}`);
    lines.push(`    prefix: "task ${i}:"`);
    // Log-uniform sizes from 100 to 10M, as real task collections span several orders of magnitude.
    lines.push(`    examples: ${Math.round(10 ** (2 + random() * 5))}`);
    if (random() < 0.3) lines.push(`    fields: {input: ${pick(FIELD_NAMES)}, target: ${pick(FIELD_NAMES)}}`);
    const metrics = [pick(METRICS)];
    if (random() < 0.5) metrics.push(pick(METRICS.filter((m) => m !== metrics[0])));
    lines.push(`    metrics: [${metrics.join(', ')}]`);
    lines.push(`    tags: [generated, group_${Math.floor(i / 10)}]`);
    if (random() < 0.1) lines.push(`    scale: ${pick([0.5, 2, 10])}  # up-weighted by hand`);
  }
  const scored = Math.min(nTasks, 5);
  const scores = (base: number) =>
    Array.from({ length: scored }, (_, i) => `${taskName(i)}: ${(base + random() * 10).toFixed(1)}`).join(', ');
  lines.push('results:', '  metric: accuracy', '  higher_is_better: true');
  lines.push(`  single_task: {${scores(50)}}`);
  lines.push(`  multi_task: {${scores(52)}}`);
  if (nTasks >= 2) {
    lines.push('  pairwise:');
    for (let i = 0; i < scored; i++) {
      lines.push(`    ${taskName(i)}: {${taskName((i + 1) % scored)}: ${(50 + random() * 10).toFixed(1)}}`);
    }
  }
  return lines.join('\n') + '\n';
}

// Bundled into tests too, where `require.main === module` also holds: check the script's own name.
if (require.main === module && /gen-mixture\.js$/.test(process.argv[1] ?? '')) {
  const n = Number(process.argv[2] ?? 100);
  const seed = Number(process.argv[3] ?? 1);
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(seed)) {
    process.stderr.write('usage: gen-mixture.js N_TASKS [SEED]\n');
    process.exit(2);
  }
  process.stdout.write(generateMixtureText(n, seed));
}
