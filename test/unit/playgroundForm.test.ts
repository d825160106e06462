// The page's pure parts: decoding form -> settings (with the runtime's own checks), the task picker's entries
// and prefix switching, and the history kept in the webview state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DECODING_FORM, decodingSettings, describeDecoding, restoreDecodingForm } from '../../client/webview/playground/decoding';
import { addToHistory, HISTORY_LIMIT, restoreHistory, type HistoryEntry } from '../../client/webview/playground/history';
import { modelPrefixes, switchPrefix, taskChoices } from '../../client/webview/playground/taskChoices';

test('decoding form -> settings for each mode; bad values are refused with the field named', () => {
  assert.deepEqual(decodingSettings(DEFAULT_DECODING_FORM), { settings: { maxNewTokens: 64, repetitionPenalty: 1, noRepeatNgramSize: 0 } });
  assert.deepEqual(decodingSettings({ ...DEFAULT_DECODING_FORM, mode: 'beam', numBeams: '3', lengthPenalty: '0.6', earlyStopping: false }), {
    settings: { maxNewTokens: 64, repetitionPenalty: 1, noRepeatNgramSize: 0, numBeams: 3, lengthPenalty: 0.6, earlyStopping: false },
  });
  assert.deepEqual(decodingSettings({ ...DEFAULT_DECODING_FORM, mode: 'sample', seed: '7' }), {
    settings: { maxNewTokens: 64, repetitionPenalty: 1, noRepeatNgramSize: 0, doSample: true, temperature: 0.7, topK: 50, topP: 0.95, seed: 7 },
  });
  assert.deepEqual(decodingSettings({ ...DEFAULT_DECODING_FORM, maxNewTokens: '' }), { error: 'Max new tokens: "" is not a number.' });
  assert.deepEqual(decodingSettings({ ...DEFAULT_DECODING_FORM, mode: 'sample', topP: '1.5' }), { error: 'topP must be in (0, 1], got 1.5' });
  assert.deepEqual(decodingSettings({ ...DEFAULT_DECODING_FORM, mode: 'beam', numBeams: '2.5' }), { error: 'numBeams must be an integer >= 1, got 2.5' });
  // Fields of other modes are ignored, even when invalid.
  assert.ok('settings' in decodingSettings({ ...DEFAULT_DECODING_FORM, temperature: 'hot' }));
  assert.deepEqual(restoreDecodingForm({ mode: 'beam', numBeams: '8', topK: 3, earlyStopping: 'yes' }), { ...DEFAULT_DECODING_FORM, mode: 'beam', numBeams: '8' });
  assert.equal(describeDecoding({ ...DEFAULT_DECODING_FORM, mode: 'beam' }), 'beam 4, lp 1, early stop, 64 max');
});

test('task choices: the mixture tasks then the model\'s own prefixes; switching replaces the old prefix', () => {
  const config = JSON.stringify({ task_specific_params: { summarization: { prefix: 'summarize: ' }, odd: { prefix: 3 }, empty: { prefix: ' ' }, translation_en_to_de: { prefix: 'translate English to German: ' } } });
  const fromModel = modelPrefixes(config);
  assert.deepEqual(fromModel, [{ name: 'summarization', prefix: 'summarize: ' }, { name: 'translation_en_to_de', prefix: 'translate English to German: ' }]);
  assert.deepEqual(modelPrefixes('{not json'), []);
  assert.deepEqual(modelPrefixes(undefined), []);
  const choices = taskChoices([{ name: 'sst2', prefix: 'sst2 sentence:', examples: 12, hasData: true, hasEval: true, metrics: [] }], fromModel);
  assert.deepEqual(choices.map((c) => c.key), ['mixture:sst2', 'model:summarization', 'model:translation_en_to_de']);

  assert.equal(switchPrefix('', undefined, 'sst2 sentence:'), 'sst2 sentence: ');
  assert.equal(switchPrefix('sst2 sentence: it is great', 'sst2 sentence:', 'summarize: '), 'summarize: it is great');
  assert.equal(switchPrefix('free text', 'sst2 sentence:', 'summarize: '), 'summarize: free text');
  assert.equal(switchPrefix('summarize: x', undefined, 'summarize: '), 'summarize: x');
  assert.equal(switchPrefix('summarize: x', 'summarize: ', ''), 'x');
});

test('history: newest first, bounded, and restored only from well-formed entries', () => {
  const entry = (i: number): HistoryEntry => ({ prompt: `p${i}`, output: `o${i}`, expected: null, taskKey: null, decoding: DEFAULT_DECODING_FORM, stats: '', stopped: false });
  let h: HistoryEntry[] = [];
  for (let i = 0; i < HISTORY_LIMIT + 5; i++) h = addToHistory(h, entry(i));
  assert.equal(h.length, HISTORY_LIMIT);
  assert.equal(h[0]!.prompt, `p${HISTORY_LIMIT + 4}`);
  const restored = restoreHistory([{ prompt: 'a', output: 'b', expected: 'c', decoding: { mode: 'sample' } }, { prompt: 1 }, null, 'x']);
  assert.deepEqual(restored, [{ prompt: 'a', output: 'b', expected: 'c', taskKey: null, decoding: { ...DEFAULT_DECODING_FORM, mode: 'sample' }, stats: '', stopped: false }]);
  assert.deepEqual(restoreHistory({}), []);
});
