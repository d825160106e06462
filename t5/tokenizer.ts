// The model's own tokenizer.json through @huggingface/tokenizers, plus the checks that it fits the model.
import { Tokenizer } from '@huggingface/tokenizers';
import type { T5Config } from './config';
import { parseJson } from './config';
import { T5ModelError } from './errors';

export class T5Tokenizer {
  private constructor(private readonly tokenizer: Tokenizer, readonly vocabSize: number, private readonly specialIds: Set<number>) {}

  /** Builds the tokenizer and checks it against the model config (special ids, vocabulary size). */
  static create(tokenizerJsonText: string, tokenizerConfigText: string | undefined, config: T5Config): T5Tokenizer {
    const json = parseJson(tokenizerJsonText, 'tokenizer.json');
    const tokConfig = tokenizerConfigText === undefined ? {} : parseJson(tokenizerConfigText, 'tokenizer_config.json');
    const model = json['model'] as { vocab?: unknown } | undefined;
    if (!model || !Array.isArray(model.vocab)) {
      throw new T5ModelError('BAD_JSON', 'no "model.vocab" list (expected a SentencePiece Unigram tokenizer)', 'tokenizer.json');
    }
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json, tokConfig);
    } catch (e) {
      throw new T5ModelError('BAD_JSON', `cannot build the tokenizer (${(e as Error).message})`, 'tokenizer.json');
    }
    const vocabSize = tokenizer.get_vocab(true).size;
    if (vocabSize > config.vocabSize) {
      throw new T5ModelError('TOKENIZER_MISMATCH', `has ${vocabSize} tokens but config.json's vocab_size is ${config.vocabSize}`, 'tokenizer.json');
    }
    const eos = config.eosTokenIds[0]!;
    const eosToken = tokenizer.id_to_token(eos);
    if (eosToken !== '</s>' && eosToken !== (tokConfig['eos_token'] ?? '</s>')) {
      throw new T5ModelError('TOKENIZER_MISMATCH', `id ${eos} (eos_token_id in config.json) is ${JSON.stringify(eosToken)}, not the end-of-sequence token`, 'tokenizer.json');
    }
    const padToken = tokenizer.id_to_token(config.padTokenId);
    if (padToken !== '<pad>' && padToken !== (tokConfig['pad_token'] ?? '<pad>')) {
      throw new T5ModelError('TOKENIZER_MISMATCH', `id ${config.padTokenId} (pad_token_id in config.json) is ${JSON.stringify(padToken)}, not the padding token`, 'tokenizer.json');
    }
    const specialIds = new Set<number>(tokenizer.get_added_tokens_decoder().keys());
    return new T5Tokenizer(tokenizer, vocabSize, specialIds);
  }

  /** Ids of the text followed by </s>, as T5 is trained. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text).ids;
  }

  decode(ids: number[], skipSpecialTokens = true): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: skipSpecialTokens });
  }

  tokenToId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }

  /**
   * Turns a growing list of ids into text pieces, as Hugging Face's DecodeStream does: each new piece is the
   * decoding of the last two steps' ids minus that of the ids before, so the cost per token stays constant while
   * Metaspace's spaces come out as a whole decode would give them.
   */
  streamDecoder(): (id: number) => string {
    const ids: number[] = [];
    let prefixStart = 0;
    let readStart = 0;
    return (id) => {
      ids.push(id);
      const before = readStart > prefixStart ? this.decode(ids.slice(prefixStart, readStart)) : '';
      const text = this.decode(ids.slice(prefixStart));
      if (text.length <= before.length) return '';
      prefixStart = readStart;
      readStart = ids.length;
      return text.slice(before.length);
    };
  }
}
