// Validation of a mixture model: pure functions from the typed model (and the text, for fixes) to diagnostics.
import type { Diagnostic, MixtureModel } from '../types';
import { checkEntryLocal } from './entryChecks';
import { checkTasks, type TaskCheckContext } from './taskChecks';
import { checkTopLevel } from './topLevelChecks';

export { DIAGNOSTIC_CODES, makeDiagnostic, type DiagnosticCode, type DiagnosticCodeInfo } from './diagnosticCodes';
export { editDistance, suggest } from './didYouMean';
export { checkEntryLocal, nameFromPrefix } from './entryChecks';
export { checkTopLevel, effectiveStrategy } from './topLevelChecks';
export { checkTasks, TaskChecker, type IncludedTask, type TaskCheckContext } from './taskChecks';
export { prefixKey } from './prefixIndex';
export { checkDataOutcome, checkTaskSize, dataSizeNeeded, type DataCountState, type DataOutcome, type MissingField } from './dataOutcome';
export { checkIncludeOutcome, type IncludeOutcome } from './includeOutcome';
export { anyRateProblem, budgetExamples, checkRateOutcome, DEFAULT_MAX_EPOCHS, type RateThresholds, type TaskRate } from './rateOutcome';
export { checkEngineRates, checkEngineSettings, engineOf, type EngineRateTask } from './engineChecks';
export { applyEdits } from '../edit';
export { checkTaskTokens, checkTokenizerOutcome, needsTokens, type TaskTokenState } from './tokenOutcome';
export { checkDiminishingRepeats, DEFAULT_REPEAT_THRESHOLD, type RepeatCheckInput } from './repeatChecks';

/** Every check that needs only this file's model: each entry, the top level, and across tasks. */
export function checkMixture(model: MixtureModel, text?: string, ctx?: TaskCheckContext): Diagnostic[] {
  return [...model.tasks.flatMap((e) => checkEntryLocal(e, text)), ...checkTopLevel(model, text), ...checkTasks(model, text, ctx)];
}
