// Task and mixture names derived from what an engine's file writes (documented in the README, "Importing"):
// a path or prefix gives its last component without known extensions and Megatron's `_text_document` suffix;
// characters outside [A-Za-z0-9_.-] become `_`; a name taken twice gets `_2`, `_3`, ... in order of appearance.

const EXTENSIONS = /\.(jsonl|json|csv|tsv|parquet|arrow|txt|npy|bin|idx|mds|gz|zst|bz2|xz)$/i;
const MEGATRON_SUFFIX = /_(text|content)_(document|sentence)$/;

/** Characters a task name keeps; anything else is `_`, runs of `_` collapse, and none is left at either end. */
export function cleanName(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '');
}

/** The name a path, prefix or glob suggests: `${data_dir}/my-gpt3_00_text_document` -> `my-gpt3_00`,
 *  `data/cola.train.jsonl` -> `cola.train`, `gs://bucket/reddit/**\/*.npy` -> `reddit`. */
export function nameFromPath(path: string): string {
  const parts = path
    .split(/[\\/]+/)
    .map((p) => p.trim())
    // Globs, empty parts and URL schemes name nothing.
    .filter((p) => p !== '' && !/[*?[\]]/.test(p) && !/:$/.test(p));
  let base = parts[parts.length - 1] ?? '';
  for (let i = 0; i < 3 && EXTENSIONS.test(base); i++) base = base.replace(EXTENSIONS, '');
  base = base.replace(MEGATRON_SUFFIX, '');
  return cleanName(base);
}

/** A mixture name: an identifier as the format requires ([A-Za-z_][A-Za-z0-9_.-]*). */
export function mixtureName(raw: string, fallback = 'imported'): string {
  const cleaned = cleanName(raw);
  if (cleaned === '') return fallback;
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `m_${cleaned}`;
}

/** The file name without folders and extensions, as a mixture name: `conf/gpt3/5b.yaml` -> `m_5b`. */
export function mixtureNameFromFile(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  return mixtureName(base.replace(/(\.[A-Za-z0-9]+)+$/, ''));
}

/** Hands out unique names: the first `x` stays `x`, later ones become `x_2`, `x_3`, ... */
export class NameAllocator {
  private readonly taken = new Set<string>();

  take(wanted: string, fallback: string): string {
    const base = wanted === '' ? fallback : wanted;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}
