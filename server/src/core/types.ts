// The shared vocabulary of the core: offsets, diagnostics, fixes and the typed mixture model.
// Everything here is plain data (no VS Code, no LSP): ranges are [start, end) character offsets
// into the text of one file, so the CLI, the server and the tests read one truth.

/** [start, end) character offsets (UTF-16 code units, as JavaScript strings index) into a file's text. */
export type Range = readonly [number, number];

export type Severity = 'error' | 'warning' | 'info';

/** One replacement on the original text: the text in `range` becomes `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
  /** Absolute path of the file the edit applies to; absent means the file being diagnosed. */
  file?: string;
}

/** A quick fix: one or more edits that together fix one diagnostic. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** True for the fix an editor should offer first (LSP `isPreferred`). */
  preferred?: boolean;
}

export interface RelatedInformation {
  message: string;
  range: Range;
  /** Absolute path; absent means the same file. */
  file?: string;
  /** For a file held as no text here (a data file): its 1-based line, which then stands for `range`. */
  line?: number;
}

export interface Diagnostic {
  /** Stable kebab-case code, e.g. `duplicate-prefix`. Listed in `diagnosticCodes.ts`. */
  code: string;
  severity: Severity;
  /** Says what is wrong and names the fix. */
  message: string;
  /** The smallest range that shows the problem. */
  range: Range;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

/** A value read from YAML together with where it stands. */
export interface Located<T> {
  value: T;
  /** Range of the value node. */
  range: Range;
  /** Range of the key that holds it, when it is a map value. */
  keyRange?: Range;
}

/** A value as written: a JS value from the YAML plus its node type, for type checks. */
export type Scalar = string | number | boolean | null;

export interface FieldMapping {
  input?: Located<string>;
  target?: Located<string>;
  range: Range;
  /** Every key written in the `fields` map (optional: lets the validator flag e.g. `inputs` for `input`). */
  keys?: KeyInfo[];
}

/** A `tasks:` item that defines a task. Keys that are absent or of the wrong type are undefined
 *  (the wrong type is reported as a diagnostic by the validator). */
export interface TaskEntry {
  kind: 'task';
  /** Range of the whole sequence item (from the `-` to the end of its last value). */
  range: Range;
  name?: Located<string>;
  prefix?: Located<string>;
  examples?: Located<number>;
  /** Training tokens, as written (spec 1.1). */
  tokens?: Located<number>;
  data?: Located<string>;
  fields?: FieldMapping;
  eval?: Located<string>;
  metrics?: Located<string>[];
  scale?: Located<number>;
  rate?: Located<number>;
  tags?: Located<string>[];
  /** Every key written in the item, with its range, including unknown ones (for diagnostics). */
  keys: KeyInfo[];
}

/** A `tasks:` item that includes another mixture file. */
export interface IncludeEntry {
  kind: 'include';
  range: Range;
  include: Located<string>;
  rate?: Located<number>;
  keys: KeyInfo[];
}

/** An item that is neither (not a map, or a map with neither `name`/`prefix` nor `include`). */
export interface InvalidEntry {
  kind: 'invalid';
  range: Range;
  keys: KeyInfo[];
}

export type MixtureEntry = TaskEntry | IncludeEntry | InvalidEntry;

export interface KeyInfo {
  key: string;
  keyRange: Range;
  /** Range of the value; equal to [keyRange[1], keyRange[1]] when the value is empty. */
  valueRange: Range;
  /** JS type of the value as YAML resolved it. */
  valueType: 'string' | 'number' | 'boolean' | 'null' | 'map' | 'seq';
}

export type StrategyName = 'uniform' | 'equal' | 'proportional' | 'temperature' | 'sqrt' | 'unimax' | 'manual';

export interface SamplingSpec {
  range: Range;
  keys: KeyInfo[];
  /** As written (may be an unknown name; the validator says so). */
  strategy?: Located<string>;
  temperature?: Located<number>;
  cap?: Located<number>;
  default_rate?: Located<number>;
  /** `examples` or `tokens` as written (the validator reports other values). */
  unit?: Located<string>;
}

export interface BudgetSpec {
  range: Range;
  keys: KeyInfo[];
  steps?: Located<number>;
  batch_size?: Located<number>;
  examples?: Located<number>;
  /** The budget in tokens (spec 1.1), exclusive with the others. */
  tokens?: Located<number>;
  max_epochs?: Located<number>;
}

export interface ResultsSpec {
  range: Range;
  keys: KeyInfo[];
  metric?: Located<string>;
  higher_is_better?: Located<boolean>;
  single_task?: Map<string, Located<number> & { nameRange: Range }>;
  multi_task?: Map<string, Located<number> & { nameRange: Range }>;
  /** target -> source -> score */
  pairwise?: Map<string, { nameRange: Range; sources: Map<string, Located<number> & { nameRange: Range }> }>;
}

/** The typed model of one mixture file, with source ranges everywhere. */
export interface MixtureModel {
  /** Length of the text the model was built from. */
  textLength: number;
  keys: KeyInfo[];
  mixture?: Located<string>;
  description?: Located<string>;
  /** A tokenizer.json or a folder holding one, relative to the file (spec 1.1). */
  tokenizer?: Located<string>;
  /** The trainer that will read the mixture, as written (spec 1.1; the validator reports unknown names). */
  engine?: Located<string>;
  sampling?: SamplingSpec;
  budget?: BudgetSpec;
  /** The `tasks:` key range, if present. */
  tasksKey?: Range;
  tasks: MixtureEntry[];
  results?: ResultsSpec;
}

/** A parse: the model plus the diagnostics that parsing and per-node checks produced. */
export interface ParsedMixture {
  model: MixtureModel;
  /** YAML syntax errors and structural/type diagnostics local to each node. */
  diagnostics: Diagnostic[];
}
