// The vocabulary of the declarative format definition: what one key may hold.
// The validator, the JSON Schema generator, hover and completion all read these, so the format
// is described exactly once.

/** The maps of the format that hold keys. */
export type SectionName = 'top' | 'sampling' | 'budget' | 'task' | 'include' | 'fields' | 'results';

/** What a key's value must be. */
export type ValueDef =
  | { kind: 'string'; pattern?: string; patternHint?: string }
  | {
      kind: 'number';
      integer?: boolean;
      /** Lower bound; `exclusive` means the value must be greater than it, not equal. */
      minimum?: { value: number; exclusive: boolean };
    }
  | { kind: 'boolean' }
  /** A YAML sequence of strings; `allowed` restricts the items (metric names). */
  | { kind: 'stringList'; allowed?: readonly string[] }
  /** A nested map described by another section; an empty value (`sampling:`) is accepted as an empty map. */
  | { kind: 'section'; section: SectionName; nullable: boolean }
  /** task name -> number */
  | { kind: 'scoreMap' }
  /** target task -> source task -> number */
  | { kind: 'pairwiseMap' }
  /** The `tasks:` sequence of task and include items. */
  | { kind: 'entries' }
  /** A key of another tool that TaskMix reads under another name: accepted with a warning. */
  | { kind: 'foreign'; replacement: string };

export interface KeyDef {
  key: string;
  value: ValueDef;
  required?: boolean;
  /** Only for strings with a closed set of values (the strategy): allowed values, aliases included. */
  allowed?: readonly string[];
  /** Markdown doc of each allowed value (default: the strategies' docs). */
  allowedDocs?: Readonly<Record<string, string>>;
  /** One paragraph of markdown, for hover, completion and the JSON Schema's `markdownDescription`. */
  doc: string;
}

export interface SectionDef {
  name: SectionName;
  /** Where the section sits, for messages: "the top level", "`sampling`", "a task item". */
  label: string;
  keys: readonly KeyDef[];
}
