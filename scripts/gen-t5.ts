// Generates a T5 of our own in the Hugging Face ONNX export layout, deterministic from a seed.
// Usage: node out/scripts/gen-t5.js --preset tiny|small [--seed N] [--q8-scheme matmul-integer|dequantize] OUT_DIR
import { writeT5Model } from './t5gen/writeModel';
import { PRESETS, type PresetName } from './t5gen/t5Config';
import { DEFAULT_Q8_SCHEME, type Q8Scheme } from './t5gen/weightOps';

function main(argv: string[]): number {
  let preset: PresetName = 'tiny';
  let seed = 42;
  let scheme: Q8Scheme = DEFAULT_Q8_SCHEME;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--preset') {
      const v = argv[++i];
      if (v !== 'tiny' && v !== 'small') return usage(`--preset must be one of ${Object.keys(PRESETS).join(', ')}`);
      preset = v;
    } else if (a === '--seed') {
      seed = Number(argv[++i]);
      if (!Number.isInteger(seed)) return usage('--seed must be an integer');
    } else if (a === '--q8-scheme') {
      const v = argv[++i];
      if (v !== 'dequantize' && v !== 'matmul-integer') return usage('--q8-scheme must be matmul-integer or dequantize');
      scheme = v;
    } else if (a.startsWith('-')) return usage(`unknown flag ${a}`);
    else out = a;
  }
  if (!out) return usage('missing OUT_DIR');
  const t0 = performance.now();
  writeT5Model(out, { preset, seed, q8Scheme: scheme });
  console.log(`wrote ${preset} T5 (seed ${seed}) to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

function usage(message: string): number {
  console.error(`gen-t5: ${message}\nusage: gen-t5 --preset tiny|small [--seed N] [--q8-scheme matmul-integer|dequantize] OUT_DIR`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
