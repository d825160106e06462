// A T5-style SentencePiece Unigram tokenizer.json (<pad> 0, </s> 1, <unk> 2, pieces, <extra_id_N> last, Metaspace)
// and its tokenizer_config.json, in the layout the Hugging Face T5 tokenizer files have.
import type { T5Shape } from './t5Config';
import { mulberry32 } from './t5Weights';

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there one all we their has been if more when will would who so no can what do out up about into ' +
  'them some time than its only other new may like could these first two any our over also after most then how ' +
  'summarize translate English German French question answer context premise hypothesis sentence task model data ' +
  'mixture train test rate sample text input output yes false true label good bad'
).split(' ');
const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;!?\'"-()/'.split('');
const SYLLABLES = 'ba be bi bo bu ka ke ki ko ku ta te ti to tu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su la le li lo lu da de di do du pa pe pi po pu ga ge gi go gu'.split(' ');

/** The pieces in id order from 3 up: whole words (with and without ▁), ▁, then single characters, then filler. */
function pieces(shape: T5Shape, seed: number): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const seen = new Set<string>();
  const push = (p: string, score: number) => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push([p, score]);
    }
  };
  const budget = shape.tokenizerPieces - 3;
  push('▁', -3);
  WORDS.forEach((w, i) => push(`▁${w}`, -4 - i * 0.01));
  for (const ch of CHARS) push(ch, -9);
  for (const ch of CHARS) push(`▁${ch}`, -9.5);
  WORDS.forEach((w, i) => push(w, -6 - i * 0.01));
  const rand = mulberry32(seed ^ 0x5eed);
  while (out.length < budget) {
    const n = 2 + Math.floor(rand() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    push(rand() < 0.7 ? `▁${word}` : word, -8 - rand() * 4);
  }
  if (out.length > budget) throw new Error(`preset has room for ${budget} pieces, needs ${out.length}`);
  return out;
}

export function tokenizerJson(shape: T5Shape, seed: number): Record<string, unknown> {
  const vocab: Array<[string, number]> = [['<pad>', 0], ['</s>', 0], ['<unk>', 0], ...pieces(shape, seed)];
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const added = [special(0, '<pad>'), special(1, '</s>'), special(2, '<unk>')];
  for (let i = shape.extraIds - 1; i >= 0; i--) {
    const id = vocab.length;
    vocab.push([`<extra_id_${i}>`, 0]);
    added.push(special(id, `<extra_id_${i}>`));
  }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: { '</s>': { id: '</s>', ids: [1], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 2, vocab, byte_fallback: false },
  };
}

export function tokenizerConfigJson(shape: T5Shape): Record<string, unknown> {
  return {
    tokenizer_class: 'T5Tokenizer',
    model_max_length: 512,
    eos_token: '</s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    extra_ids: shape.extraIds,
    additional_special_tokens: Array.from({ length: shape.extraIds }, (_, i) => `<extra_id_${i}>`),
    clean_up_tokenization_spaces: true,
  };
}
