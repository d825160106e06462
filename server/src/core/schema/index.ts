// The format definition (one source for validation, hover, completion and the JSON Schema).
export type { EngineName } from './mixtureFormat';
export type { KeyDef, SectionDef, SectionName, ValueDef } from './keyDefinition';
export {
  DEFAULT_STRATEGY,
  ENGINE_DOCS,
  ENGINE_NAMES,
  FOREIGN_WEIGHT_KEYS,
  METRIC_DOCS,
  METRIC_NAMES,
  MIXTURE_NAME_PATTERN,
  SECTIONS,
  SETTING_USED_BY,
  STRATEGY_DOCS,
  STRATEGY_NAMES,
  UNIT_DOCS,
  UNIT_NAMES,
  keyDef,
  validKeys,
} from './mixtureFormat';
export { MIXTURE_SCHEMA_ID, generateJsonSchema } from './jsonSchema';
