// `taskmix import --from megatron`: Megatron-LM blends in shell scripts, command lines and --data-args-path files.
// Expected probabilities follow megatron/core/datasets/utils.py (get_blend_from_list, normalize) of NVIDIA/Megatron-LM
// at d98e8a64ddf34856e74b24714e3bedb2f5a39553, run with Python on the argv bash gives the script's command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineFileError, importEngineFile, readMegatronBlends, type EngineFile } from '../../server/src/core/engines';
import { assertProbabilities, engineFixture, importAndRate, tempDir } from './helpers/engineImport';

const noFiles = () => undefined;

/** The error an import throws, with the text its range covers. */
async function failure(file: EngineFile, readNamed: (p: string) => string | undefined = noFiles): Promise<{ error: EngineFileError; token: string }> {
  try {
    await importEngineFile(file, { from: 'megatron', readNamed });
  } catch (e) {
    assert.ok(e instanceof EngineFileError, String(e));
    return { error: e, token: file.text.slice(e.range[0], e.range[1]) };
  }
  assert.fail('the import did not fail');
}

test('Megatron-LM retro test script (tools/retro/examples/tests/run_test.sh @4549b3dd): the 20 weights, normalized as Megatron does', async () => {
  const { rates, result } = await importAndRate(engineFixture('megatron/retro_run_test.sh'));
  assert.equal(result.mixture.sampling.strategy, 'manual');
  // python3: normalize(get_blend_from_list(argv after --data-path)[1]) with Megatron's own utils.py.
  assertProbabilities(rates, {
    Books3_shuf: 0.027428571428571424,
    OpenWebText2_shuf: 0.022885714285714284,
    StackExchange_shuf: 0.010728571428571428,
    PubMedAbs_shuf: 0.004628571428571428,
    Wikipedia_shuf: 0.009328571428571427,
    Gutenberg_shuf: 0.002757142857142857,
    BookCorpus2_shuf: 0.0016714285714285713,
    NIHExporter_shuf: 0.00032857142857142856,
    ArXiv_shuf: 0.016328571428571425,
    Stories_shuf: 0.005228571428571428,
    BigScience_shuf: 0.05702857142857142,
    Reddit_all_dialogue_shuf: 0.06811428571428571,
    'CC-NEWS_shuf': 0.10284285714285712,
    'Pile-CC_shuf': 0.03114285714285714,
    'CC-MAIN-2020-50_shuf': 0.10904285714285712,
    'CC-MAIN-2022-40_00_shuf': 0.10919999999999998,
    'CC-MAIN-2022-40_01_shuf': 0.10919999999999998,
    'CC-MAIN-2019-35_shuf': 0.13448571428571426,
    'CC-2021-04_shuf': 0.05557142857142856,
    'mc4-en_shuf': 0.12205714285714285,
  });
});

test('the plain model of a blend: prefixes as written, weights, and where each is', () => {
  const file = engineFixture('megatron/retro_run_test.sh');
  const { train } = readMegatronBlends(file, noFiles);
  assert.equal(train.weighted, true);
  assert.equal(train.sources.length, 20);
  const first = train.sources[0]!;
  assert.equal(first.prefix, '/lustre/fsw/adlr/adlr-nlp/boxinw/retro/data/english/MTNLG/Books3_shuf_text_document');
  assert.equal(first.weight, 0.0192);
  assert.equal(file.text.slice(first.weightRange![0], first.weightRange![1]), '0.01920');
  assert.equal(file.text.slice(first.range[0], first.range[1]), first.prefix);
});

test('Megatron-LM examples/gpt3/train_gpt3_175b_distributed.sh: one prefix, a shell variable kept as written', async () => {
  const { rates, result, analysis } = await importAndRate(engineFixture('megatron/train_gpt3_175b_distributed.sh'));
  assert.equal(result.mixture.sampling.strategy, 'uniform');
  assertProbabilities(rates, { DATA_PATH: 1 });
  assert.equal(analysis.rates!.tasks[0]!.data, '$DATA_PATH');
  // The prefix is not on this machine: a warning, since a single uniform task needs no size.
  assert.ok(analysis.diagnostics.some((d) => d.code === 'data-file-not-here'));
});

test('Megatron-LM examples/bert/train_bert_340m_distributed.sh: the blend is read from the DATA_ARGS array', async () => {
  const { rates } = await importAndRate(engineFixture('megatron/train_bert_340m_distributed.sh'));
  assertProbabilities(rates, { DATA_PATH: 1 });
});

test('comments, quotes, continuations and --data-path=X', async () => {
  // Inside ARGS="...", quotes would be literal characters; outside they are taken away, as bash does.
  const text = [
    '# --data-path 0.9 /old/a 0.1 /old/b',
    'ARGS=" \\',
    '  --split 98,2,0 \\',
    '  --lr 1e-4"',
    'python pretrain_gpt.py $ARGS \\',
    '  --data-path \'0.25\' "/d/a_text_document" 0.75 ${BLEND_DIR}/b_text_document # the blend',
  ].join('\n');
  const { rates, analysis } = await importAndRate({ path: 'run.sh', text });
  assertProbabilities(rates, { a: 0.25, b: 0.75 });
  assert.equal(analysis.rates!.tasks[1]!.data, '${BLEND_DIR}/b_text_document');
  const glued = await importAndRate({ path: 'one.sh', text: 'python pretrain_gpt.py --data-path=/data/x_text_document --split 1,0,0\n' });
  assertProbabilities(glued.rates, { x: 1 });
});

test('a --data-args-path file (its words split on white space) and the command that names it', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'blend.txt'), '0.2 /d/a\n0.3 /d/b\n 0.5 /d/c\n');
  const direct = await importAndRate({ path: join(dir, 'blend.txt'), text: '0.2 /d/a\n0.3 /d/b\n 0.5 /d/c\n' }, { from: 'megatron' });
  assertProbabilities(direct.rates, { a: 0.2, b: 0.3, c: 0.5 });
  const named = await importAndRate({ path: join(dir, 'train.sh'), text: 'torchrun pretrain_gpt.py --data-args-path blend.txt --split 99,1,0\n' });
  assertProbabilities(named.rates, { a: 0.2, b: 0.3, c: 0.5 });
  const { error, token } = await failure({ path: join(dir, 'other.sh'), text: 'python pretrain_gpt.py --data-args-path elsewhere.txt\n' });
  assert.equal(token, 'elsewhere.txt');
  assert.match(error.message, /not on this machine/);
});

test('--train-data-path with the other splits: train is the mixture, valid and test stay in comments', async () => {
  const { rates, text } = await importAndRate({ path: 'split.sh', text: 'python pretrain_gpt.py --train-data-path 1 /d/a 3 /d/b --valid-data-path /d/v --test-data-path /d/t\n' });
  assertProbabilities(rates, { a: 0.25, b: 0.75 });
  assert.match(text, /#\s+--valid-data-path \/d\/v/);
  assert.match(text, /#\s+--test-data-path \/d\/t/);
});

test('prefixes without weights: Megatron weighs them by dataset length, so the rates need sizes', async () => {
  const result = await importEngineFile({ path: 'p.sh', text: 'python pretrain_gpt.py --data-path /d/a /d/b\n' }, { from: 'megatron' });
  assert.equal(result.mixture.sampling.strategy, 'proportional');
  assert.ok(result.notes.some((n) => n.severity === 'warning' && /length/.test(n.message)));
});

test('bad blends are refused at the word: a weight without a path, non-numeric and negative weights, two blends, no blend', async () => {
  const cases: [string, string, RegExp][] = [
    ['python pretrain_gpt.py --data-path 0.3 /d/a 0.7\n', '0.7', /weight 0\.7 has no path/],
    ['python pretrain_gpt.py --data-path 0.3 /d/a 0.7 0.2\n', '0.7', /0\.7 has no path after it \(0\.2 is a number/],
    ['python pretrain_gpt.py --data-path 0.3 /d/a heavy /d/b\n', 'heavy', /non-numeric weight/],
    ['python pretrain_gpt.py --data-path -0.3 /d/a 0.7 /d/b\n', '-0.3', /is negative/],
    ['python pretrain_gpt.py --data-path nan /d/a 0.7 /d/b\n', 'nan', /not a finite number/],
    ['python pretrain_gpt.py --data-path\n', '--data-path', /empty/],
    ['python a.py --data-path 1 /d/a\npython b.py --data-path 1 /d/b\n', '--data-path', /given 2 times/],
    ['python pretrain_gpt.py --lr 1e-4 --split 1,0,0\n', '', /no --data-path/],
  ];
  for (const [text, token, message] of cases) {
    const { error, token: at } = await failure({ path: 'bad.sh', text });
    assert.match(error.message, message, text);
    assert.equal(at, token, text);
    assert.equal(error.file, 'bad.sh');
  }
  const twice = await failure({ path: 'bad.sh', text: 'python a.py --data-path 1 /d/a\npython b.py --data-path 1 /d/b\n' });
  assert.equal(twice.error.range[0], 'python a.py --data-path 1 /d/a\npython b.py '.length);
});
