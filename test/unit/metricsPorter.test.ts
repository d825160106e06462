// The Porter stemmer against NLTK's published test vocabulary: 23,531 words from Martin Porter's voc.txt with
// the stems each of NLTK's three modes must give (nltk_data `stemmers/porter_test`, used by NLTK's own
// test_stem.py; the MARTIN_EXTENSIONS column is Porter's published output.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PorterStemmer, rougeTokenize, type PorterMode } from '../../server/src/core/metrics';

const VOCABULARY = join(__dirname, '../../../test/fixtures/eval/porter/porter-vocabulary.tsv.gz');

function vocabulary(): { word: string; stems: Record<PorterMode, string> }[] {
  const [header, ...rows] = gunzipSync(readFileSync(VOCABULARY)).toString('utf8').trimEnd().split('\n');
  assert.equal(header, 'word\tnltk_extensions\tmartin_extensions\toriginal_algorithm');
  return rows.map((row) => {
    const [word, nltk, martin, original] = row.split('\t') as [string, string, string, string];
    return { word, stems: { NLTK_EXTENSIONS: nltk, MARTIN_EXTENSIONS: martin, ORIGINAL_ALGORITHM: original } };
  });
}

for (const mode of ['NLTK_EXTENSIONS', 'MARTIN_EXTENSIONS', 'ORIGINAL_ALGORITHM'] as const) {
  test(`Porter ${mode} stems all 23,531 words of the test vocabulary as NLTK does`, () => {
    const words = vocabulary();
    assert.equal(words.length, 23531);
    const stemmer = new PorterStemmer(mode);
    const wrong = words.filter(({ word, stems }) => stemmer.stem(word) !== stems[mode]);
    assert.deepEqual(
      wrong.slice(0, 10).map(({ word, stems }) => `${word}: ${stemmer.stem(word)} (want ${stems[mode]})`),
      [],
      `${wrong.length} words stem differently`,
    );
  });
}

// The example words of the paper's rule tables, as whole words through every step (the stems NLTK's
// ORIGINAL_ALGORITHM mode gives them).
test("the paper's example words stem as NLTK's ORIGINAL_ALGORITHM stems them", () => {
  const original = new PorterStemmer('ORIGINAL_ALGORITHM');
  const pairs: [string, string][] = [
    ['caresses', 'caress'], ['ponies', 'poni'], ['ties', 'ti'], ['caress', 'caress'], ['cats', 'cat'],
    ['feed', 'feed'], ['agreed', 'agre'], ['plastered', 'plaster'], ['bled', 'bled'], ['motoring', 'motor'], ['sing', 'sing'],
    ['conflated', 'conflat'], ['troubled', 'troubl'], ['sized', 'size'], ['hopping', 'hop'], ['tanned', 'tan'],
    ['falling', 'fall'], ['hissing', 'hiss'], ['fizzed', 'fizz'], ['failing', 'fail'], ['filing', 'file'],
    ['happy', 'happi'], ['sky', 'sky'], ['relational', 'relat'], ['conditional', 'condit'], ['rational', 'ration'],
    ['triplicate', 'triplic'], ['formative', 'form'], ['hopeful', 'hope'], ['goodness', 'good'],
    ['revival', 'reviv'], ['allowance', 'allow'], ['inference', 'infer'], ['airliner', 'airlin'], ['adjustable', 'adjust'],
    ['adoption', 'adopt'], ['probate', 'probat'], ['rate', 'rate'], ['cease', 'ceas'], ['controll', 'control'], ['roll', 'roll'],
  ];
  assert.deepEqual(pairs.map(([word]) => [word, original.stem(word)]), pairs);
});

test('NLTK extensions: irregular forms, short words and the lower-casing of stem()', () => {
  const nltk = new PorterStemmer();
  assert.equal(nltk.mode, 'NLTK_EXTENSIONS');
  assert.equal(nltk.stem('dying'), 'die');
  assert.equal(nltk.stem('skies'), 'sky');
  assert.equal(nltk.stem('dies'), 'die');
  assert.equal(nltk.stem('flies'), 'fli');
  assert.equal(nltk.stem('oed'), 'o'); // NLTK issue #1581
  assert.equal(nltk.stem('On'), 'on');
  assert.equal(nltk.stem('Github'), 'github');
  assert.equal(nltk.stem('constructor'), 'constructor');
});

test("rouge-score's tokenizer test cases (tokenize_test.py, tokenizers_test.py)", () => {
  assert.deepEqual(rougeTokenize('one Two three'), ['one', 'two', 'three']);
  assert.deepEqual(rougeTokenize('one\n Two \nthree'), ['one', 'two', 'three']);
  assert.deepEqual(rougeTokenize('this is a test'), ['this', 'is', 'a', 'test']);
  assert.deepEqual(rougeTokenize('the friends had a meeting', new PorterStemmer()), ['the', 'friend', 'had', 'a', 'meet']);
});
