import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseT5Config } from '../../t5/config';
import { T5Tokenizer } from '../../t5/tokenizer';
import { T5ModelError } from '../../t5/errors';
import { ensureTinyT5, TINY_DIR } from './helpers/t5Fixture';

ensureTinyT5();
const read = (f: string) => readFileSync(`${TINY_DIR}/${f}`, 'utf8');
const config = parseT5Config(read('config.json'));
const tok = T5Tokenizer.create(read('tokenizer.json'), read('tokenizer_config.json'), config);

test('tokenizer round-trips text made of its pieces and ends with </s>', () => {
  for (const text of ['summarize: the model is good', 'translate English to German: yes, it was.', 'Question 42? (a/b) "quoted" text!', 'x']) {
    const ids = tok.encode(text);
    assert.equal(ids[ids.length - 1], 1, 'ends with </s>');
    assert.ok(ids.every((id) => id >= 3 || id === 1), `no pad/unk in ${text}: ${ids}`);
    assert.equal(tok.decode(ids), text);
  }
});

test('tokenizer prefers whole-word pieces and maps unknown characters to <unk>', () => {
  const ids = tok.encode('the model');
  assert.deepEqual(ids.slice(0, -1).map((id) => tok.decode([id])), ['the', 'model']);
  assert.ok(tok.encode('the ☃').includes(2), 'a snowman is <unk> (id 2)');
});

test('special tokens: sentinels are special and skipped when decoding', () => {
  const sentinel = tok.tokenToId('<extra_id_0>');
  assert.equal(typeof sentinel, 'number');
  assert.ok(tok.isSpecial(sentinel!));
  const ids = tok.encode('the <extra_id_0> model');
  assert.ok(ids.includes(sentinel!), 'a sentinel in the text is one token');
  // The space before the sentinel is a piece of its own ('▁'), as in Hugging Face's fast T5 tokenizer.
  assert.equal(tok.decode(ids).replace(/\s+/g, ' '), 'the model');
  assert.equal(tok.decode(ids, false).includes('<extra_id_0>'), true);
});

test('stream decoder pieces concatenate to the decoded text', () => {
  for (const text of ['mixture rate of the data, yes', 'summarize: the rate of each task in the mixture is good and the data was sampled at a rate']) {
    const ids = tok.encode(text).slice(0, -1);
    const stream = tok.streamDecoder();
    assert.equal(ids.map((id) => stream(id)).join(''), tok.decode(ids));
  }
  // A special id mid-stream decodes to nothing and the words around it keep their spaces.
  const sentinel = tok.tokenToId('<extra_id_0>')!;
  const ids = [...tok.encode('the model').slice(0, -1), sentinel, ...tok.encode('rate of data').slice(0, -1)];
  const stream = tok.streamDecoder();
  assert.equal(ids.map((id) => stream(id)).join(''), tok.decode(ids));
});

test('a tokenizer larger than the model vocabulary is rejected, naming tokenizer.json', () => {
  const small = { ...config, vocabSize: 100 };
  assert.throws(() => T5Tokenizer.create(read('tokenizer.json'), read('tokenizer_config.json'), small), (e: unknown) => {
    assert.ok(e instanceof T5ModelError);
    assert.equal(e.code, 'TOKENIZER_MISMATCH');
    assert.match(e.message, /^tokenizer\.json: has \d+ tokens but config\.json's vocab_size is 100/);
    return true;
  });
});

test('special ids that disagree with config.json are rejected', () => {
  assert.throws(() => T5Tokenizer.create(read('tokenizer.json'), undefined, { ...config, eosTokenIds: [5] }), /tokenizer\.json: id 5 \(eos_token_id/);
  assert.throws(() => T5Tokenizer.create(read('tokenizer.json'), undefined, { ...config, padTokenId: 7 }), /tokenizer\.json: id 7 \(pad_token_id/);
});
