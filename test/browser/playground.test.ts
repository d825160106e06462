// The built playground (page + worker + dist/ort) in headless Chromium through the test host, on the tiny T5:
// streamed output equal to the Node runtime's, the figures shown per run, the WASM fallback said out loud, the
// task picker and Insert example, Stop, history, threads when cross-origin isolated, and broken model folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PlaygroundSettings } from '../../client/src/views/playgroundModel';
import { copyOfTiny, TINY_DIR } from '../unit/helpers/t5Fixture';
import { chromiumPerFile, launchChromium, PlaygroundTestHost, SKIP, tinyNodeOutputs } from './playgroundTestHost';

const skip = SKIP;
const mixtureUri = pathToFileURL(resolve('examples/small-with-data.mixture.yaml')).toString();
const settings = (model: string): PlaygroundSettings => ({ model: resolve(model), precision: 'q8', device: 'auto', mirror: '' });
const browser = chromiumPerFile();
const nodeOutput = async (prompt: string, maxNewTokens: number, precision: 'q8' | 'fp32' = 'q8') => (await tinyNodeOutputs([prompt], maxNewTokens, precision))[0]!;

async function modelLoaded(host: PlaygroundTestHost): Promise<void> {
  await host.waitFor('the model to load', async () => (await host.text('#device')).includes('loaded in'));
  await host.page.click('.pg-settings summary');
}

async function runAndWait(host: PlaygroundTestHost, prompt: string): Promise<void> {
  await host.page.fill('#prompt', prompt);
  await host.page.click('#run');
  await host.waitFor('the run to finish', async () => ['done', 'stopped', 'failed'].includes((await host.page.getAttribute('#output', 'data-state')) ?? ''));
}

test('a prompt streams token by token, matches the Node runtime, and shows device and timings (WASM fallback said)', { skip }, async () => {
  const host = await PlaygroundTestHost.open(browser(), { settings: settings(TINY_DIR), mixtureUri });
  try {
    await modelLoaded(host);
    assert.match(await host.text('#device'), /^WASM, 1 thread · loaded in \d+ ms/);
    assert.match(await host.text('#model-notes'), /WebGPU not used: no WebGPU adapter \(navigator\.gpu\.requestAdapter\(\) returned null\); running on WASM/);
    await host.page.fill('#decoding-maxNewTokens', '12');
    const prompt = 'summarize: the quick brown fox';
    await runAndWait(host, prompt);
    assert.equal(await host.page.getAttribute('#output', 'data-state'), 'done');
    const want = await nodeOutput(prompt, 12);
    assert.ok(want.length > 0, 'the tiny model says something');
    assert.equal(await host.text('#output'), want);
    const tokenEvents = Number(await host.page.getAttribute('#output', 'data-token-events'));
    assert.ok(tokenEvents > 1, `streamed in ${tokenEvents} pieces`);
    const stats = Object.fromEntries(
      await host.page.$$eval('#stats dd', (dds) => dds.map((d) => [d.getAttribute('data-stat'), d.textContent])),
    ) as Record<string, string>;
    assert.equal(stats['Device'], 'WASM, 1 thread');
    for (const key of ['Model load', 'Encoder', 'First token']) assert.match(stats[key] ?? '', /^\d+(\.\d)? ms$/, key);
    assert.match(stats['Tokens/s'] ?? '', /^\d+(\.\d)?$/);
    assert.deepEqual(host.pageErrors, []);
  } finally {
    await host.close();
  }
});

test('task picker lists mixture tasks and model prefixes; Insert example shows the expected target; history restores', { skip }, async () => {
  const host = await PlaygroundTestHost.open(browser(), { settings: settings(TINY_DIR), mixtureUri });
  try {
    await modelLoaded(host);
    const options = await host.page.$$eval('#task option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(options, ['', 'mixture:sst2', 'mixture:mrpc', 'mixture:qnli', 'model:summarization', 'model:translation_en_to_de']);
    await host.page.selectOption('#task', 'model:summarization');
    assert.equal(await host.page.inputValue('#prompt'), 'summarize: ');
    await host.page.selectOption('#task', 'mixture:sst2');
    assert.equal(await host.page.inputValue('#prompt'), 'sst2 sentence: ');
    await host.page.click('#insert-example');
    await host.waitFor('an example', async () => (await host.page.inputValue('#prompt')).length > 'sst2 sentence: '.length);
    const example = (await host.toView.find((m) => m.type === 'examples'))!;
    assert.ok(example.type === 'examples');
    const first = example.examples[0]!;
    assert.equal(await host.page.inputValue('#prompt'), first.input);
    assert.equal(await host.text('#expected'), String(first.target));
    await host.page.fill('#decoding-maxNewTokens', '6');
    await host.page.click('#run');
    await host.waitFor('the run', async () => (await host.page.getAttribute('#output', 'data-state')) === 'done');
    const firstOutput = await host.text('#output');
    assert.equal(await host.page.locator('#expected-box').isVisible(), true, 'the target beside the output');

    // Beam search through the form, then restore the first run from the history.
    await host.page.selectOption('#mode', 'beam');
    await host.page.fill('#decoding-numBeams', '3');
    await runAndWait(host, 'summarize: a second prompt');
    // The search showed its best hypothesis as it went (one preview a step), then the result.
    const previews = Number(await host.page.getAttribute('#output', 'data-previews'));
    assert.ok(previews >= 1 && previews <= 6, `${previews} previews`);
    assert.equal(await host.page.getAttribute('#output', 'data-state'), 'done');
    assert.equal(await host.page.locator('#history li').count(), 2);
    await host.page.locator('#history li').nth(1).locator('button').click();
    assert.equal(await host.page.inputValue('#prompt'), first.input);
    assert.equal(await host.text('#output'), firstOutput);
    assert.equal(await host.page.inputValue('#mode'), 'greedy');
    assert.equal(await host.text('#expected'), String(first.target));

    // "Try in playground" from the code lens selects the task.
    await host.controller.selectTask('qnli');
    await host.waitFor('qnli selected', async () => (await host.page.inputValue('#task')) === 'mixture:qnli');
    assert.deepEqual(host.pageErrors, []);
  } finally {
    await host.close();
  }
});

test('no stale panels: a new model setting clears the old "loaded in" line and output; closing every mixture clears its tasks', { skip }, async () => {
  const other = copyOfTiny();
  const host = await PlaygroundTestHost.open(browser(), { settings: settings(TINY_DIR), mixtureUri });
  try {
    await modelLoaded(host);
    assert.match(await host.text('#mixture'), /^Tasks of small_glue_with_data/);
    await host.page.fill('#decoding-maxNewTokens', '4');
    await runAndWait(host, 'summarize: before the change');
    assert.notEqual(await host.text('#output'), '');
    assert.notEqual(await host.text('#stats'), '');

    // A hub model not downloaded (its hub unreachable): the old model's line, output and figures go; the panel says what comes.
    host.settings = { ...settings(TINY_DIR), model: 'someone/t5-elsewhere', mirror: 'http://127.0.0.1:9' };
    await host.controller.settingsChanged();
    await host.waitFor('the old model forgotten', async () => !(await host.text('#device')).includes('loaded in'));
    assert.equal(await host.text('#device'), 'someone/t5-elsewhere (q8) will load once it is downloaded.');
    assert.equal(await host.text('#output'), '');
    assert.equal(await host.page.getAttribute('#output', 'data-state'), 'cleared');
    assert.equal(await host.text('#stats'), '');
    assert.equal(await host.page.isDisabled('#run'), true);

    // Another local folder: cleared, then loaded afresh with its own line.
    host.settings = settings(other);
    await host.controller.settingsChanged();
    await modelLoaded(host);
    assert.match(await host.text('#device'), /loaded in \d+ ms/);

    // Every editor closed: the panel no longer names the mixture or lists its tasks.
    await host.controller.follow(undefined);
    await host.waitFor('the mixture forgotten', async () => !(await host.text('#mixture')).startsWith('Tasks of'));
    assert.match(await host.text('#mixture'), /^Open a \*\.mixture\.yaml file/);
    const options = await host.page.$$eval('#task option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.ok(!options.some((o) => o.startsWith('mixture:')), options.join(', '));
    assert.deepEqual(host.pageErrors, []);
  } finally {
    await host.close();
    rmSync(other, { recursive: true, force: true });
  }
});

test('Ctrl+Enter runs, Stop ends a long run early and says so; a bad setting is refused with its reason', { skip }, async () => {
  const host = await PlaygroundTestHost.open(browser(), { settings: settings(TINY_DIR), mixtureUri });
  try {
    await modelLoaded(host);
    await host.page.fill('#decoding-maxNewTokens', 'x');
    await host.page.click('#run');
    assert.match(await host.text('#decoding-error'), /Max new tokens: "x" is not a number/);
    // Greedy decoding of the tiny model never reaches its end token (checked to 400 tokens in Node), so only Stop ends this.
    await host.page.fill('#decoding-maxNewTokens', '100000');
    await host.page.fill('#prompt', 'translate English to German: stop me');
    await host.page.press('#prompt', 'Control+Enter');
    await host.waitFor('a few tokens', async () => Number(await host.page.getAttribute('#output', 'data-token-events')) >= 3);
    assert.equal(await host.page.getAttribute('#output', 'data-state'), 'running');
    assert.equal(await host.page.isDisabled('#run'), true);
    await host.page.click('#stop');
    await host.waitFor('the stop', async () => (await host.page.getAttribute('#output', 'data-state')) === 'stopped');
    assert.match(await host.text('#stats'), /Stopped/);
    assert.equal(await host.page.isDisabled('#stop'), true);
    assert.equal(await host.page.isEnabled('#run'), true);
    assert.match(await host.text('#history'), /\(stopped\)/);
  } finally {
    await host.close();
  }
});

test('cross-origin isolated: two threads', { skip }, async () => {
  const host = await PlaygroundTestHost.open(browser(), { settings: settings(TINY_DIR), mixtureUri, isolated: true });
  try {
    await modelLoaded(host);
    assert.match(await host.text('#device'), /^WASM, [2-4] threads/);
    await runAndWait(host, 'summarize: threads');
    assert.equal(await host.page.getAttribute('#output', 'data-state'), 'done');
    assert.equal(await host.text('#output'), await nodeOutput('summarize: threads', 64));
  } finally {
    await host.close();
  }
});

test('broken model folders: the error names the file, and nothing hangs', { skip }, async () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['corrupt encoder', (d) => writeFileSync(join(d, 'onnx/encoder_model_quantized.onnx'), 'not an onnx file'), /onnx\/encoder_model_quantized\.onnx: onnxruntime cannot load it/],
    ['missing tokenizer', (d) => rmSync(join(d, 'tokenizer.json')), /tokenizer\.json: missing in /],
    ['bad config', (d) => writeFileSync(join(d, 'config.json'), readFileSync(join(d, 'config.json'), 'utf8').replace('"d_model": 32', '"d_model": "big"')), /config\.json: "d_model" must be a non-negative integer/],
  ];
  for (const [name, breakIt, message] of cases) {
    const dir = copyOfTiny();
    breakIt(dir);
    const host = await PlaygroundTestHost.open(browser(), { settings: settings(dir), mixtureUri });
    try {
      await host.waitFor(`the error (${name})`, async () => host.page.locator('#model-error').isVisible());
      assert.match(await host.text('#model-error'), message, name);
      assert.equal(await host.page.isDisabled('#run'), true, name);
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // A folder that does not exist is caught by the host before anything loads.
  const host = await PlaygroundTestHost.open(browser(), { settings: settings('/nonexistent/t5-folder'), mixtureUri });
  try {
    await host.waitFor('the error', async () => host.page.locator('#model-error').isVisible());
    assert.match(await host.text('#model-error'), /taskmix\.playground\.model: \/nonexistent\/t5-folder: no such folder/);
  } finally {
    await host.close();
  }
});

for (const precision of ['fp32', 'q8'] as const) test(`WebGPU (a software adapter), ${precision}: the device says WebGPU and the output matches WASM, or the fallback says why`, { skip }, async () => {
  const gpuBrowser = await launchChromium(['--enable-unsafe-webgpu']);
  const host = await PlaygroundTestHost.open(gpuBrowser, { settings: { ...settings(TINY_DIR), device: 'webgpu', precision }, mixtureUri });
  try {
    await host.waitFor('the model to load', async () => (await host.text('#device')).includes('loaded in'), 60_000);
    const device = await host.text('#device');
    if (device.startsWith('WebGPU')) {
      await host.page.click('.pg-settings summary');
      await host.page.fill('#decoding-maxNewTokens', '16');
      await runAndWait(host, 'summarize: on the gpu');
      assert.equal(await host.text('#output'), await nodeOutput('summarize: on the gpu', 16, precision));
      assert.equal(await host.text('#stats dd[data-stat="Device"]'), 'WebGPU');
    } else {
      // This Chromium has no software adapter: the fallback must be said.
      assert.match(await host.text('#model-notes'), /WebGPU not used: .*; running on WASM/);
    }
    assert.deepEqual(host.pageErrors, []);
  } finally {
    await host.close();
    await gpuBrowser.close();
  }
});
