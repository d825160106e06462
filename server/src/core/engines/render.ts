// An imported mixture as mixture YAML: the engine's weights as manual rates (or a strategy over sizes), one task per
// source with its `data` as written, and everything the format has no key for in comments, never dropped. Nested
// mixtures whose rates are all literal (manual or uniform) are flattened exactly (each leaf's probability is the
// product of its shares along every path, summed over the paths); a nested mixture that needs sizes cannot be, so
// it is written as an `include` of a file of its own (a companion file, written beside the output).
import { yamlString } from '../edit';
import type { EngineFormat, ImportedEntry, ImportedMixture, ImportedSampling, ImportedTask, ImportResult } from './model';

export interface RenderedImport {
  /** The mixture file's text. */
  text: string;
  /** Files the mixture includes (nested mixtures that need sizes), by file name, to write beside it. */
  companions: { fileName: string; text: string }[];
}

/** Whether every mixture in the tree shares by literal rates alone, so that the tree flattens exactly. */
function flattensExactly(m: ImportedMixture): boolean {
  if (m.sampling.strategy !== 'manual' && m.sampling.strategy !== 'uniform') return false;
  return m.entries.every((e) => e.kind === 'task' || flattensExactly(e.mixture));
}

function rawRateOf(entry: ImportedEntry, sampling: ImportedSampling): number {
  if (sampling.strategy === 'uniform') return entry.rate ?? 1;
  return entry.rate ?? sampling.defaultRate ?? 0;
}

interface FlatTask {
  task: ImportedTask;
  probability: number;
  paths: string[];
}

/** Each leaf's final probability, summed over the paths that reach it (seqio's Mixture.get_rate). */
function flatten(m: ImportedMixture, share: number, via: string[], out: Map<string, FlatTask>): void {
  const raw = m.entries.map((e) => rawRateOf(e, m.sampling));
  const total = raw.reduce((a, b) => a + b, 0);
  m.entries.forEach((entry, i) => {
    const p = total > 0 ? share * (raw[i]! / total) : 0;
    if (entry.kind === 'include') {
      flatten(entry.mixture, p, [...via, `${entry.mixture.name} (rate ${raw[i]})`], out);
      return;
    }
    const seen = out.get(entry.name);
    const path = via.length ? via.join(' > ') : 'this mixture';
    if (seen) {
      seen.probability += p;
      seen.paths.push(path);
    } else out.set(entry.name, { task: entry, probability: p, paths: [path] });
  });
}

function commentLines(lines: readonly string[], indent = ''): string[] {
  return lines.flatMap((l) => l.split(/\r?\n/)).map((l) => `${indent}# ${l}`.trimEnd());
}

function samplingLines(s: ImportedSampling): string[] {
  const out = ['sampling:', `  strategy: ${s.strategy}`];
  if (s.temperature !== undefined) out.push(`  temperature: ${s.temperature}`);
  if (s.cap !== undefined) out.push(`  cap: ${s.cap}`);
  if (s.defaultRate !== undefined && s.strategy === 'manual') out.push(`  default_rate: ${s.defaultRate}`);
  return out;
}

function taskLines(task: ImportedTask, rate: number | undefined, comments: readonly string[]): string[] {
  return [
    ...commentLines(comments, '  '),
    `  - name: ${yamlString(task.name)}`,
    // Engines read raw text, not T5 prefixes: the task's name stands in, so that every prefix is distinct.
    `    prefix: ${JSON.stringify(`${task.name}:`)}`,
    ...(task.data !== undefined ? [`    data: ${yamlString(task.data)}`] : []),
    ...(task.fields ? [`    fields: {input: ${yamlString(task.fields.input)}, target: ${yamlString(task.fields.target)}}`] : []),
    ...(task.examples !== undefined ? [`    examples: ${task.examples}`] : []),
    ...(task.scale !== undefined ? [`    scale: ${task.scale}`] : []),
    ...(rate !== undefined ? [`    rate: ${rate}`] : []),
  ];
}

function mixtureText(m: ImportedMixture, header: readonly string[], includes: (child: ImportedMixture) => string): string {
  const flat = flattensExactly(m) && m.entries.some((e) => e.kind === 'include');
  // Flattened, every leaf's rate is its final probability: manual rates.
  const sampling: ImportedSampling = flat ? { strategy: 'manual' } : m.sampling;
  const lines = [...commentLines(header), ...commentLines(m.comments), `mixture: ${m.name}`, ...samplingLines(sampling), 'tasks:'];
  if (flat) {
    const flat = new Map<string, FlatTask>();
    flatten(m, 1, [], flat);
    for (const { task, probability, paths } of flat.values()) {
      lines.push(...taskLines(task, probability, [...task.comments, `from ${paths.join(' and ')}`]));
    }
  } else {
    for (const e of m.entries) {
      if (e.kind === 'task') lines.push(...taskLines(e, e.rate, e.comments));
      else {
        lines.push(...commentLines(e.comments, '  '), `  - include: ${yamlString(includes(e.mixture))}`, `    rate: ${e.rate}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** The mixture file (and the files it includes) for an import. `sourceFile` is how the header names the input. */
export function renderImport(result: ImportResult, sourceFile: string): RenderedImport {
  const companions: { fileName: string; text: string }[] = [];
  const written = new Map<ImportedMixture, string>();
  const header = (m: ImportedMixture, root: boolean) => [
    `Imported by \`taskmix import --from ${result.format}\` from ${sourceFile.replace(/[\r\n]+/g, ' ')}${root ? '' : ` (sub-mixture ${m.name})`}.`,
    ...formatNote(result.format),
  ];
  const include = (child: ImportedMixture): string => {
    const known = written.get(child);
    if (known) return known;
    const fileName = `${child.name}.mixture.yaml`;
    written.set(child, fileName);
    companions.push({ fileName, text: mixtureText(child, header(child, false), include) });
    return fileName;
  };
  const text = mixtureText(result.mixture, header(result.mixture, true), include);
  return { text, companions };
}

/** What the engine's weights are, said once at the top of every imported file. */
function formatNote(format: EngineFormat): string[] {
  switch (format) {
    case 'megatron':
    case 'megatron-json':
    case 'nemo':
      return ['Megatron normalizes the blend weights (megatron/core/datasets/utils.py normalize): the rates are those weights.'];
    case 'olmo':
      return ['OLMo-core target_ratio is a share of tokens (source_mixture.py); the rates are those ratios.'];
    case 'mosaic':
      return ['MosaicML streaming normalizes proportions (streaming/base/stream.py apply_weights).'];
    case 'hf':
      return ['datasets.interleave_datasets draws each example from dataset i with probability p_i.'];
    case 'llamafactory':
      return ['LLaMA-Factory mixes its datasets with datasets.concatenate_datasets or interleave_datasets (data/data_utils.py).'];
    case 'seqio':
      return ['seqio samples each task by its rate over the total (dataset_providers.py Mixture.get_rate).'];
  }
}
