// Keeps one up-to-date analysis per open mixture: edits go to the core's incremental document, and
// analyses run one at a time per document, the next one starting as soon as the last ends (no fixed delay).
import type { Analysis, AnalyzeSettings, MixtureProject } from '../core/analyze';
import type { OpenDocuments } from './documents';
import type { DocumentSettings, TaskmixSettings } from './settings';

export interface VersionedAnalysis {
  uri: string;
  /** Document version the analysis was made from. */
  version: number;
  analysis: Analysis;
}

interface State {
  latest: VersionedAnalysis | null;
  inflight: Promise<VersionedAnalysis | null> | null;
  inflightVersion: number;
  /** Bumped to force a fresh analysis of the same version (a dependency changed). */
  generation: number;
  latestGeneration: number;
}

/** How long an analysis waits for a token count before publishing "counting" (the end of the count re-analyzes). */
export const TOKEN_WAIT_MS = 300;

export function toAnalyzeSettings(s: TaskmixSettings): AnalyzeSettings {
  return {
    countData: s.countData,
    maxCountBytes: s.countDataMaxBytes,
    epochWarning: s.maxEpochs,
    starvedThreshold: s.starvedThreshold,
    repeatThreshold: s.diminishingRepeats,
    tokenWaitMs: TOKEN_WAIT_MS,
    ...(s.tokenizer.trim() ? { tokenizer: s.tokenizer } : {}),
  };
}

export class Analyses {
  private readonly states = new Map<string, State>();
  /** The last failure per document (a bug in the core): published as one diagnostic, never a crash. */
  private readonly failures = new Map<string, { version: number; message: string }>();

  constructor(
    private readonly project: MixtureProject,
    private readonly documents: OpenDocuments,
    private readonly settings: DocumentSettings,
    private readonly log: (message: string) => void,
  ) {}

  private state(uri: string): State {
    let st = this.states.get(uri);
    if (!st) {
      st = { latest: null, inflight: null, inflightVersion: -1, generation: 0, latestGeneration: -1 };
      this.states.set(uri, st);
    }
    return st;
  }

  /** Drops what is known of a document so that the next request analyzes it again (same version). */
  invalidate(uri: string): void {
    this.state(uri).generation++;
  }

  forget(uri: string): void {
    this.states.delete(uri);
    this.failures.delete(uri);
  }

  /** Records that the document could not be analyzed at this version. */
  fail(uri: string, version: number, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.failures.set(uri, { version, message });
    this.log(`analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
  }

  failure(uri: string): { version: number; message: string } | undefined {
    return this.failures.get(uri);
  }

  /** The latest finished analysis, whatever its version (for views that may show something slightly old). */
  latest(uri: string): VersionedAnalysis | null {
    return this.states.get(uri)?.latest ?? null;
  }

  /**
   * An analysis of the document's current version: the cached one, the one running, or a new one queued
   * after it. Null when the document is closed or the analysis failed (the failure is logged).
   */
  ensure(uri: string): Promise<VersionedAnalysis | null> {
    const open = this.documents.get(uri);
    if (!open) return Promise.resolve(null);
    const st = this.state(uri);
    const version = open.doc.version;
    if (st.latest && st.latest.version === version && st.latestGeneration === st.generation) return Promise.resolve(st.latest);
    if (st.inflight && st.inflightVersion === version && st.latestGeneration === st.generation) return st.inflight;
    const previous = st.inflight;
    const run = (previous ? previous.then(() => this.run(uri, st)) : this.run(uri, st)).finally(() => {
      if (st.inflight === run) st.inflight = null;
    });
    st.inflight = run;
    st.inflightVersion = version;
    return run;
  }

  /** Like ensure, but only returns an analysis of the version the document has when it resolves. */
  async current(uri: string): Promise<VersionedAnalysis | null> {
    for (let tries = 0; tries < 8; tries++) {
      const result = await this.ensure(uri);
      const open = this.documents.get(uri);
      if (!result || !open) return null;
      if (result.version === open.doc.version) return result;
    }
    return this.latest(uri);
  }

  private async run(uri: string, st: State): Promise<VersionedAnalysis | null> {
    const open = this.documents.get(uri);
    if (!open) return null;
    const generation = st.generation;
    if (st.latest && st.latest.version === open.doc.version && st.latestGeneration === generation) return st.latest;
    try {
      const settings = toAnalyzeSettings(await this.settings.get(uri));
      const now = this.documents.get(uri);
      if (!now) return null;
      // The core parses synchronously when analyze is called, so the version read here is the one analyzed.
      const version = now.doc.version;
      const analysis = await this.project.analyze(now.file, settings);
      const result: VersionedAnalysis = { uri, version, analysis };
      this.failures.delete(uri);
      if (!st.latest || st.latest.version <= version) {
        st.latest = result;
        st.latestGeneration = generation;
      }
      return result;
    } catch (e) {
      this.fail(uri, open.doc.version, e);
      return null;
    }
  }
}
