// `taskmix generate --model DIR [options] PROMPT...`: the T5 runtime from the terminal (onnxruntime-web WASM in Node).
import { T5ModelError } from '../errors';
import { generate, type GenerationResult } from '../generate';
import { T5OnnxModel, type DecoderLayout, type Precision } from '../model';
import type { GenerationSettings } from '../settings';
import { dirModelSource } from './dirModelSource';
import { loadNodeOrt } from './nodeOrt';

export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const GENERATE_USAGE = `usage: taskmix generate --model DIR [--max-new-tokens N] [--num-beams B] [--length-penalty X] [--early-stopping]
       [--do-sample --seed S [--temperature T] [--top-k K] [--top-p P]] [--repetition-penalty X] [--no-repeat-ngram-size N]
       [--precision fp32|q8] [--layout merged|split] [--json] PROMPT...`;

interface ParsedArgs {
  model: string;
  json: boolean;
  precision: Precision;
  layout?: DecoderLayout;
  settings: Partial<GenerationSettings>;
  prompts: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): ParsedArgs {
  const settings: Partial<GenerationSettings> = {};
  let model: string | undefined;
  let json = false;
  let precision: Precision = 'fp32';
  let layout: DecoderLayout | undefined;
  const prompts: string[] = [];
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const number = (i: number, flag: string, integer: boolean): number => {
    const raw = value(i, flag);
    const n = Number(raw);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`${flag} expects ${integer ? 'an integer' : 'a number'}, got "${raw}"`);
    return n;
  };
  const numeric: Record<string, [keyof GenerationSettings, boolean]> = {
    '--max-new-tokens': ['maxNewTokens', true],
    '--num-beams': ['numBeams', true],
    '--length-penalty': ['lengthPenalty', false],
    '--seed': ['seed', true],
    '--temperature': ['temperature', false],
    '--top-k': ['topK', true],
    '--top-p': ['topP', false],
    '--repetition-penalty': ['repetitionPenalty', false],
    '--no-repeat-ngram-size': ['noRepeatNgramSize', true],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      prompts.push(...argv.slice(i + 1));
      break;
    }
    const spec = numeric[a];
    if (spec) {
      (settings as Record<string, number>)[spec[0]] = number(++i, a, spec[1]);
    } else if (a === '--model') model = value(++i, a);
    else if (a === '--json') json = true;
    else if (a === '--do-sample') settings.doSample = true;
    else if (a === '--early-stopping') settings.earlyStopping = true;
    else if (a === '--precision') {
      const v = value(++i, a);
      if (v !== 'fp32' && v !== 'q8') throw new UsageError(`--precision must be fp32 or q8, got "${v}"`);
      precision = v;
    } else if (a === '--layout') {
      const v = value(++i, a);
      if (v !== 'merged' && v !== 'split') throw new UsageError(`--layout must be merged or split, got "${v}"`);
      layout = v;
    } else if (a.startsWith('-')) throw new UsageError(`unknown flag ${a}`);
    else prompts.push(a);
  }
  if (!model) throw new UsageError('--model DIR is required');
  if (prompts.length === 0) throw new UsageError('give at least one PROMPT');
  return { model, json, precision, layout, settings, prompts };
}

const round = (x: number) => Math.round(x * 100) / 100;

export async function runGenerateCommand(argv: string[], io: CommandIo): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`taskmix generate: ${e.message}\n${GENERATE_USAGE}\n`);
    return 2;
  }
  try {
    const t0 = performance.now();
    const model = await T5OnnxModel.load(loadNodeOrt(), dirModelSource(args.model), { precision: args.precision, layout: args.layout });
    const loadMs = performance.now() - t0;
    const results: GenerationResult[] = [];
    try {
      for (const prompt of args.prompts) {
        const onToken = args.json ? undefined : (_id: number, text: string) => io.stdout.write(text);
        results.push(await generate(model, prompt, args.settings, { onToken }));
        if (!args.json) io.stdout.write('\n');
      }
    } finally {
      await model.release();
    }
    const mean = (pick: (r: GenerationResult) => number) => round(results.reduce((a, r) => a + pick(r), 0) / results.length);
    const timings = {
      load_ms: round(loadMs),
      encoder_ms: mean((r) => r.timings.encoderMs),
      first_token_ms: mean((r) => r.timings.firstTokenMs),
      ms_per_token: mean((r) => r.timings.msPerToken),
    };
    if (args.json) {
      const outputs = results.map((r) => ({ text: r.outputs[0]!.text, token_ids: r.outputs[0]!.tokenIds }));
      io.stdout.write(JSON.stringify({ outputs, timings }) + '\n');
    } else {
      const tps = timings.ms_per_token ? round(1000 / timings.ms_per_token) : 0;
      io.stderr.write(`load ${timings.load_ms} ms, encoder ${timings.encoder_ms} ms, first token ${timings.first_token_ms} ms, ${tps} tokens/s\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof T5ModelError) {
      io.stderr.write(`taskmix generate: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`taskmix generate: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}
