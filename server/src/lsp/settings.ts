// Settings under `taskmix.*`, pulled per document (workspace/configuration with the document's uri) and
// cached per document by the server instance until the client says they changed. Never a global.

export interface TaskmixSettings {
  /** Default epoch threshold above which a task is flagged for over-fitting (a file's budget.max_epochs wins). */
  maxEpochs: number;
  /** A task drawn fewer than this many times over the budget is flagged as starved. */
  starvedThreshold: number;
  /** Count the records of `data` files when a task has no `examples`, and check declared counts. */
  countData: boolean;
  /** Data files larger than this are not counted (bytes). */
  countDataMaxBytes: number;
  inlayHints: boolean;
  /** The tokenizer (a tokenizer.json or a folder holding one) of mixtures without `tokenizer:`; empty: none. */
  tokenizer: string;
  /** Epochs past which a task is flagged: repeated data is worth less than new data (`diminishing-repeats`). */
  diminishingRepeats: number;
}

export const defaultSettings: TaskmixSettings = {
  maxEpochs: 10,
  starvedThreshold: 1,
  countData: true,
  countDataMaxBytes: 256 * 1024 * 1024,
  inlayHints: true,
  tokenizer: '',
  diminishingRepeats: 4,
};

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function child(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Reads the `taskmix` section as a client sends it (nested objects, as VS Code expands dotted names),
 * keeping the default for anything missing or of the wrong type: bad settings never break analysis.
 */
export function readSettings(section: unknown): TaskmixSettings {
  const countData = child(section, 'countData');
  const inlay = child(section, 'inlayHints');
  return {
    maxEpochs: positive(child(section, 'maxEpochs'), defaultSettings.maxEpochs),
    starvedThreshold: positive(child(section, 'starvedThreshold'), defaultSettings.starvedThreshold),
    countData: bool(child(countData, 'enabled'), defaultSettings.countData),
    countDataMaxBytes: positive(child(countData, 'maxBytes'), defaultSettings.countDataMaxBytes),
    inlayHints: bool(child(inlay, 'enabled'), defaultSettings.inlayHints),
    tokenizer: typeof child(section, 'tokenizer') === 'string' ? (child(section, 'tokenizer') as string) : defaultSettings.tokenizer,
    diminishingRepeats: positive(child(section, 'diminishingRepeats'), defaultSettings.diminishingRepeats),
  };
}

/** Per-document settings, fetched once per document and dropped when the client reports a change. */
export class DocumentSettings {
  private readonly cache = new Map<string, Promise<TaskmixSettings>>();

  private fetch: ((uri: string) => Promise<unknown>) | null = null;

  /** Sets how to ask the client for the `taskmix` section scoped to a uri (when it can be asked at all). */
  useClient(fetch: (uri: string) => Promise<unknown>): void {
    this.fetch = fetch;
    this.cache.clear();
  }

  get(uri: string): Promise<TaskmixSettings> {
    let pending = this.cache.get(uri);
    if (!pending) {
      pending = this.fetch
        ? this.fetch(uri).then(readSettings, () => ({ ...defaultSettings }))
        : Promise.resolve({ ...defaultSettings });
      this.cache.set(uri, pending);
    }
    return pending;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
