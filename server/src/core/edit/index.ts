// The core's one edit module: every edit of mixture text (quick fixes, "Write to results", the Balance Preview's
// Apply, insertions) is planned here as plain data, `{range: [start, end], newText}` on the text it was planned on.
// Only the server turns these into LSP text edits; the client applies what it is sent.
export { applyEdits, refusal, type EditPlan } from './editPlan';
export {
  appendLinesEdit,
  appendToScalarEdit,
  flowBraces,
  insertIntoFlowEdit,
  insertKeyAfterEdit,
  insertKeyEdit,
  insertLinesAboveEdit,
  insertLinesBelowEdit,
  insertTopLevelKeyEdit,
  removeKeyEdit,
  replaceEdit,
} from './mapEdits';
export { planResultsEdit, type ResultsEditPlan, type ResultsScore } from './resultsEdit';
export { planSamplingEdit, type ParsedText, type SamplingChoice } from './samplingEdit';
export { formatScore, yamlKey, yamlNumber, yamlString } from './scalars';
export { setExamplesEdit } from './taskEdits';
export { setCapEdit, setMaxEpochsEdit, setTaskNumberEdit } from './repeatCapEdit';
export { starvedTaskFixes, tooManyEpochsFixes } from './rateFixes';
