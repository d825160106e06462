// The engine's numbers beside the mixture's own (spec 1.1, `engine:`): what the named trainer draws from each task,
// for hover and inlay hints. Computed once per analysis and only for files that name an engine; the editor's run
// is bounded (expectations past the limits, said in the hover) so that a keystroke never builds a 10^9 index.
import type { Analysis } from '../core/analyze';
import { engineSources, simulateEngine, type EngineSimulation, type EngineTaskSimulation } from '../core/engines/simulate';
import { engineOf } from '../core/validate';
import { markdownText } from './markdown';
import { formatCount, formatEpochs } from './numbers';

const EDITOR_LIMITS = { maxDraws: 2_000_000, maxBlendSteps: 20_000_000 };

const cache = new WeakMap<Analysis, EngineSimulation | null>();

/** The engine's simulation of the analysis's current rates, or null without an engine or rates. */
export function engineSimulation(analysis: Analysis): EngineSimulation | null {
  if (cache.has(analysis)) return cache.get(analysis)!;
  const engine = engineOf(analysis.model);
  const rates = analysis.rates;
  let result: EngineSimulation | null = null;
  if (engine && rates) {
    const samples = engine === 'olmo' ? rates.tokens_drawn ?? rates.examples_drawn : rates.examples_drawn;
    result = simulateEngine(engine, engineSources(rates), { samples, ...EDITOR_LIMITS });
  }
  cache.set(analysis, result);
  return result;
}

function engineTask(analysis: Analysis, name: string): { sim: EngineSimulation; task: EngineTaskSimulation } | null {
  const sim = engineSimulation(analysis);
  const task = sim?.tasks.find((t) => t.name === name);
  return sim && task ? { sim, task } : null;
}

function drawnText(sim: EngineSimulation, t: EngineTaskSimulation): string | null {
  if (t.drawn === null) return null;
  return `${formatCount(Math.round(t.drawn))} ${sim.engine === 'olmo' ? 'tokens' : 'drawn'}`;
}

/** Hover lines: the engine's draws and epochs for the task, and the notes that explain them. */
export function engineHoverLines(analysis: Analysis, name: string): string[] {
  const found = engineTask(analysis, name);
  if (!found) return [];
  const { sim, task } = found;
  const drawn = drawnText(sim, task);
  const ep = formatEpochs(task.epochs);
  const figures = drawn ? `**${drawn}**${ep ? ` · epochs **${ep.replace(' ep', '')}**` : ''}` : 'not known (see below)';
  return ['', `Engine \`${sim.engine}\`: ${figures}`, ...sim.notes.map((n) => `- ${markdownText(n)}`)];
}

/** The inlay hint's suffix: what the engine draws, when the file names one. */
export function engineHintSuffix(analysis: Analysis, name: string): string {
  const found = engineTask(analysis, name);
  if (!found) return '';
  const drawn = drawnText(found.sim, found.task);
  return drawn ? ` · ${found.sim.engine}: ${drawn}` : '';
}
