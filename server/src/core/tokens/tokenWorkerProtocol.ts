// What a token worker is given and what it answers (tokenWorker.ts, runTokenWorker.ts).
import type { FieldNames } from '../data/outcome';
import type { TokenSource, TokenTally } from './recordTokens';

export interface TokenWorkerTask {
  source: TokenSource;
  fields: FieldNames;
  prefix: string;
  /** The tokenizer.json text (and tokenizer_config.json's): the worker builds the very tokenizer the main thread checked. */
  tokenizerJson: string;
  tokenizerConfig?: string;
  /** Count only the first records (an estimate). */
  maxRecords?: number;
}

export type TokenWorkerMessage =
  | { type: 'progress'; bytes: number }
  | { type: 'done'; tally: TokenTally }
  /** `kind`: the DataError kind when the data could not be read (malformed, unreadable, ...). */
  | { type: 'error'; message: string; kind?: string };
