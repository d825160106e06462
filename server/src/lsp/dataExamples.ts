// The first formatted record of a task's data file, for hover and the playground. Reads stop after the
// records asked for; results are kept until the file changes on disk (the watcher invalidates them).
import { formatExample, readRecords, type FieldNames } from '../core/data';
import type { FormattedRecord } from '../../../contracts/lsp';

export interface RecordsResult {
  examples: FormattedRecord[];
  error?: string;
}

export class DataExamples {
  private readonly cache = new Map<string, Promise<RecordsResult>>();

  read(file: string, fields: FieldNames, prefix: string, count: number): Promise<RecordsResult> {
    const key = `${file}\0${fields.input}\0${fields.target}\0${prefix}\0${count}`;
    let job = this.cache.get(key);
    if (!job) {
      job = readFormatted(file, fields, prefix, count);
      this.cache.set(key, job);
      // Bounded: the keys are per task and count; a long session with many files must not grow without end.
      if (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value!);
    }
    return job;
  }

  invalidate(file: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(file + '\0')) this.cache.delete(key);
  }
}

async function readFormatted(file: string, fields: FieldNames, prefix: string, count: number): Promise<RecordsResult> {
  const outcome = await readRecords(file, { limit: count, fields });
  if (!outcome.ok) return { examples: [], error: outcome.message };
  return {
    examples: outcome.records.map(({ line, record }) => {
      const f = formatExample(record, fields, prefix);
      return 'error' in f ? { line, error: f.error } : { line, input: f.input, target: f.target };
    }),
  };
}
