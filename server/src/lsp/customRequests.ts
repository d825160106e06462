// The TaskMix requests (contracts/lsp.ts) answered from analyses: rates, compare, tasks, sample, examples, export.
import { dirname } from 'node:path';
import type { Analysis, MixtureProject } from '../core/analyze';
import { EXPORT_FORMATS, type ExportFormat as CoreExportFormat } from '../core/export';
import { exportAnalysis } from '../core/export/fromAnalysis';
import { LineIndex } from '../core/lineIndex';
import { simulateSampling, type RateOverrides } from '../core/rates';
import type { Range } from '../core/types';
import type {
  CompareResponse,
  ExportFormat,
  ExportResponse,
  RatesResponse,
  SampleParams,
  SampleResponse,
  TaskInfo,
  TasksResponse,
} from '../../../contracts/lsp';
import { countBySeverity } from './diagnostics';
import { lspRangeIn } from './positions';

/** The file's rates, or with `overridden` the rates under what-ifs (core/whatIf.ts ratesUnderOverrides, whose
 *  diagnostics are the file's under those what-ifs). */
export function ratesResponse(uri: string, version: number | null, analysis: Pick<Analysis, 'diagnostics' | 'rates' | 'lastValidRates'>, overridden: boolean): RatesResponse {
  const { errors, warnings } = countBySeverity(analysis.diagnostics);
  // What-if answers never fall back to the last valid rates: those were computed without the overrides.
  const rates = overridden ? analysis.rates : (analysis.rates ?? analysis.lastValidRates);
  return { uri, version, stale: analysis.rates === null && rates !== null, rates, errors, warnings };
}

export function compareResponse(uri: string, project: MixtureProject, analysis: Analysis): CompareResponse {
  return { uri, comparison: project.compare(analysis) };
}

/** The leaf tasks; while the file has errors, its own task items as written (paths resolved). */
export function tasksResponse(uri: string, analysis: Analysis): TasksResponse {
  const mixture = analysis.model.mixture?.value ?? null;
  // Positions in the analyzed text (the buffer's, for an open file); the line table only when a range is asked for.
  let lines: LineIndex | undefined;
  const inThisFile = (range: Range | undefined) => (range ? lspRangeIn((lines ??= new LineIndex(analysis.text)), range) : null);
  if (analysis.tasks.length) {
    return {
      uri,
      mixture,
      tasks: analysis.tasks.map((t) => ({
        name: t.name,
        prefix: t.prefix,
        examples: t.examples,
        data: t.data ?? null,
        eval: t.eval ?? null,
        fields: { input: t.fields.input, target: t.fields.target },
        metrics: t.metrics,
        nameRange: t.file === analysis.file ? inThisFile(t.nameRange) : null,
      })),
    };
  }
  const dir = dirname(analysis.file);
  const tasks: TaskInfo[] = [];
  for (const e of analysis.model.tasks) {
    if (e.kind !== 'task' || !e.name) continue;
    tasks.push({
      name: e.name.value,
      prefix: e.prefix?.value ?? '',
      examples: e.examples?.value ?? null,
      data: e.data ? joinPath(dir, e.data.value) : null,
      eval: e.eval ? joinPath(dir, e.eval.value) : null,
      fields: { input: e.fields?.input?.value ?? 'input', target: e.fields?.target?.value ?? 'target' },
      metrics: (e.metrics ?? []).map((m) => m.value),
      nameRange: inThisFile(e.name.range),
    });
  }
  return { uri, mixture, tasks };
}

function joinPath(dir: string, p: string): string {
  return p.startsWith('/') ? p : `${dir}/${p}`;
}

export function sampleResponse(uri: string, analysis: Analysis, params: SampleParams): SampleResponse {
  if (!analysis.rates) return { uri, simulation: null, error: 'The mixture has errors: fix them to simulate sampling.' };
  const outcome = simulateSampling(analysis.rates, {
    steps: params.steps,
    batchSize: params.batchSize ?? analysis.model.budget?.batch_size?.value ?? 1,
    seed: params.seed ?? 0,
    ...(params.points !== undefined ? { points: params.points } : {}),
    ...(params.epochThreshold !== undefined ? { epochThreshold: params.epochThreshold } : {}),
  });
  return outcome.ok ? { uri, simulation: outcome.simulation } : { uri, simulation: null, error: outcome.error };
}

/** Each format's label, file extension, and the end of its default file name (the mixture's name, then this), so
 *  that no two formats propose the same file. */
const FORMAT_INFO: Record<CoreExportFormat, { label: string; extension: string; suffix: string }> = {
  seqio: { label: 'seqio (Python MixtureRegistry.add)', extension: '.py', suffix: '.py' },
  huggingface: { label: 'Hugging Face datasets (interleave_datasets)', extension: '.py', suffix: '_hf.py' },
  megatron: { label: 'Megatron-LM --data-path blend', extension: '.sh', suffix: '.sh' },
  'megatron-json': { label: 'Megatron-LM --per-split-data-args-path JSON', extension: '.json', suffix: '.blend.json' },
  nemo: { label: 'NeMo model.data.data_prefix (YAML)', extension: '.yaml', suffix: '.nemo.yaml' },
  olmo: { label: 'OLMo-core source mixture (YAML)', extension: '.yaml', suffix: '.olmo.yaml' },
  mosaic: { label: 'MosaicML streaming streams (llm-foundry YAML)', extension: '.yaml', suffix: '.streams.yaml' },
  llamafactory: { label: 'LLaMA-Factory interleave_probs (YAML)', extension: '.yaml', suffix: '.llamafactory.yaml' },
  json: { label: 'JSON (probabilities per task)', extension: '.json', suffix: '.json' },
};

export function exportFormats(): ExportFormat[] {
  return EXPORT_FORMATS.map((id) => ({ id, label: FORMAT_INFO[id].label, extension: FORMAT_INFO[id].extension }));
}

export function isExportFormat(format: string): format is CoreExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

/** The export text, data paths relative to the mixture's folder (as `taskmix export` writes them). */
export function exportResponse(analysis: Analysis, format: CoreExportFormat): ExportResponse {
  const text = exportAnalysis(analysis, format);
  const stem = analysis.rates!.mixture.replace(/[^A-Za-z0-9_.-]/g, '_');
  return { format, text, suggestedName: `${stem}${FORMAT_INFO[format].suffix}` };
}

/** Overrides from the wire, checked: a bad value is a clear error, not a wrong answer. */
export function checkOverrides(o: unknown): RateOverrides | string | undefined {
  if (o === undefined || o === null) return undefined;
  if (typeof o !== 'object') return 'overrides must be an object';
  const { strategy, temperature, cap } = o as Record<string, unknown>;
  const out: RateOverrides = {};
  if (strategy !== undefined) {
    if (typeof strategy !== 'string' || !['uniform', 'equal', 'proportional', 'temperature', 'sqrt', 'unimax', 'manual'].includes(strategy)) {
      return `unknown strategy ${JSON.stringify(strategy)}`;
    }
    out.strategy = strategy as RateOverrides['strategy'];
  }
  if (temperature !== undefined) {
    if (typeof temperature !== 'number' || !(temperature > 0)) return 'temperature must be a number > 0';
    out.temperature = temperature;
  }
  if (cap !== undefined) {
    if (typeof cap !== 'number' || !(cap >= 0)) return 'cap must be a number >= 0 (0 removes the cap)';
    out.cap = cap;
  }
  return out;
}
