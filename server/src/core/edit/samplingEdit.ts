// "Apply to file" of the Balance Preview's temperature tab (`taskmix/samplingEdit`): the edits that make the file's
// own sampling `strategy: temperature` with the chosen `temperature` and `cap`. Values are replaced in place, missing
// keys are added in the map's own style (lines at its keys' column, or entries inside its braces) and "no cap"
// removes `cap`, so comments, key order and formatting survive. Planned on the server's parse (the model's key
// ranges): no second YAML parser, and a file that does not read as a mapping is refused, never broken.
import { columnAt } from '../lineIndex';
import { FILE_TOO_LARGE, NOT_A_MAPPING, YAML_SYNTAX } from '../parse/yamlDiagnostics';
import type { Diagnostic, KeyInfo, MixtureModel, SamplingSpec, TextEdit } from '../types';
import { refusal, type EditPlan } from './editPlan';
import {
  appendLinesEdit,
  colonEnd,
  flowBraces,
  indentUnitOf,
  insertKeyEdit,
  insertLinesAboveEdit,
  insertLinesBelowEdit,
  removeKeyEdit,
  replaceEdit,
} from './mapEdits';
import { yamlNumber } from './scalars';

export interface SamplingChoice {
  /** T > 0. */
  temperature: number;
  /** K > 0, or null for no cap (the `cap` key is removed). */
  cap: number | null;
}

/** What the planner reads of a parse: the model and the diagnostics of reading the text (an Analysis or a ParsedMixture). */
export interface ParsedText {
  model: MixtureModel;
  diagnostics: readonly Diagnostic[];
}

const NOT_A_MIXTURE = 'The file is not a YAML mapping with `mixture:` and `tasks:`.';
const SAMPLING_NOT_A_MAP = '`sampling` is not a mapping; write it as `sampling:` with keys under it.';

export function planSamplingEdit(text: string, parsed: ParsedText, choice: SamplingChoice): EditPlan {
  const { temperature, cap } = choice;
  if (!(temperature > 0) || !Number.isFinite(temperature)) return refusal(`The temperature must be a number > 0, not ${temperature}.`);
  if (cap !== null && !(cap > 0 && Number.isFinite(cap))) return refusal(`The cap must be a number > 0 or none, not ${cap}.`);
  // Key ranges of a text that did not read cleanly may not be where the keys are: refuse rather than guess.
  const tooLarge = parsed.diagnostics.find((d) => d.code === FILE_TOO_LARGE);
  if (tooLarge) return refusal(tooLarge.message);
  const syntax = parsed.diagnostics.find((d) => d.code === YAML_SYNTAX && d.severity === 'error');
  if (syntax) return refusal(`The file has YAML syntax errors (${syntax.message.split('\n')[0]}); fix them first.`);
  const { model } = parsed;
  if (model.keys.length === 0 || parsed.diagnostics.some((d) => d.code === NOT_A_MAPPING) || startsWithFlowMap(text, model.keys[0]!)) {
    return refusal(NOT_A_MIXTURE);
  }

  const wanted: [key: 'strategy' | 'temperature' | 'cap', value: string | null][] = [
    ['strategy', 'temperature'],
    ['temperature', yamlNumber(temperature)],
    ['cap', cap === null ? null : yamlNumber(cap)],
  ];
  const entries = wanted.flatMap(([k, v]) => (v === null ? [] : [`${k}: ${v}`]));
  const unit = indentUnitOf(text);
  const samplingKey = model.keys.find((k) => k.key === 'sampling');
  if (!samplingKey) {
    // A new block goes before `tasks:`, where a reader expects it; at the end of a file without one.
    const block = ['sampling:', ...entries.map((e) => unit + e)];
    const tasksKey = model.keys.find((k) => k.key === 'tasks');
    return { edits: [tasksKey ? insertLinesAboveEdit(text, tasksKey.keyRange[0], block) : appendLinesEdit(text, block)] };
  }
  if (samplingKey.valueType === 'null') {
    const [start, end] = samplingKey.valueRange;
    // `sampling: ~` (a written null): the map takes its place, on the same line, in flow style.
    if (end > start) return { edits: [replaceEdit(samplingKey.valueRange, `{${entries.join(', ')}}`)] };
    // `sampling:` with nothing after it: its keys go on the lines below.
    return { edits: [insertLinesBelowEdit(text, samplingKey.keyRange[1], columnAt(text, samplingKey.keyRange[0]) + unit.length, entries)] };
  }
  // An alias (`sampling: *defaults`) reads as a map, but its keys are the anchor's: editing them would change
  // every user of the anchor.
  if (samplingKey.valueType !== 'map' || !model.sampling || text[samplingKey.valueRange[0]] === '*') return refusal(SAMPLING_NOT_A_MAP);
  return { edits: editSamplingMap(text, samplingKey, model.sampling, wanted) };
}

function editSamplingMap(text: string, samplingKey: KeyInfo, spec: SamplingSpec, wanted: [key: 'strategy' | 'temperature' | 'cap', value: string | null][]): TextEdit[] {
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  const removed = new Set<KeyInfo>();
  for (const [name, value] of wanted) {
    const key = spec.keys.find((k) => k.key === name);
    if (!key) {
      if (value !== null) missing.push(`${name}: ${value}`);
      continue;
    }
    if (value === null) {
      removed.add(key);
      continue;
    }
    if (isWrittenAs(text, spec, key, value)) continue;
    edits.push(
      key.valueRange[0] === key.valueRange[1]
        ? // `temperature:` with no value: the value goes right after the colon.
          { range: [key.keyRange[1], colonEnd(text, key.keyRange[1])], newText: `: ${value}` }
        : replaceEdit(key.valueRange, value),
    );
  }
  const kept = spec.keys.filter((k) => !removed.has(k));
  const braces = flowBraces(text, spec.range);
  if (braces && kept.length === 0) {
    // Every key goes (`{cap: 5}` with no cap): the braces get the new entries, which also drops the old ones.
    return [{ range: [braces[0] + 1, braces[1]], newText: missing.join(', ') }];
  }
  for (const key of removed) edits.push(removeKeyEdit(text, key));
  if (missing.length === 0) return edits;
  // After the last key that stays (below `sampling:` when none does), so that no insertion falls in a removed line.
  if (braces || kept.length > 0) edits.push(insertKeyEdit(text, kept, spec.range, missing));
  else edits.push(insertLinesBelowEdit(text, samplingKey.keyRange[1], columnAt(text, spec.keys[0]!.keyRange[0]), missing));
  return edits;
}

/** True when the key already holds `value`, as written or as read (`"temperature"` is `temperature`). */
function isWrittenAs(text: string, spec: SamplingSpec, key: KeyInfo, value: string): boolean {
  if (text.slice(key.valueRange[0], key.valueRange[1]) === value) return true;
  const read = key.key === 'strategy' ? spec.strategy : key.key === 'temperature' ? spec.temperature : key.key === 'cap' ? spec.cap : undefined;
  return read !== undefined && read.keyRange?.[0] === key.keyRange[0] && String(read.value) === value;
}

/** True when the text before the first key opens a flow map (`{mixture: m, ...}`): lines cannot be added to it. */
function startsWithFlowMap(text: string, firstKey: KeyInfo): boolean {
  for (let i = 0; i < firstKey.keyRange[0]; i++) {
    const c = text[i];
    if (c === '{') return true;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl;
    }
  }
  return false;
}
