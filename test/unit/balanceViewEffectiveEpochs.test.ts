// The Strategies heatmap can colour by effective epochs: the matrix carries the server's effective_epochs beside the
// epochs (the view computes nothing), on the core's real comparison of the GLUE example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { MixtureProject } from '../../server/src/core/analyze';
import { effectiveEpochs } from '../../server/src/core/rates/effectiveEpochs';
import { buildStrategyMatrix } from '../../client/webview/balance/strategyMatrix';
import { epochScale } from '../../client/webview/balance/scales';

test('the matrix holds each cell\'s effective epochs as the server gave them, NaN where epochs are', async () => {
  const project = new MixtureProject();
  const analysis = await project.analyze(resolve('examples/glue.mixture.yaml'));
  const comparison = project.compare(analysis)!;
  const m = buildStrategyMatrix(comparison);
  assert.equal(m.effectiveEpochs.length, m.epochs.length);
  let repeated = 0;
  for (let i = 0; i < m.epochs.length; i++) {
    if (Number.isNaN(m.epochs[i]!)) {
      assert.ok(Number.isNaN(m.effectiveEpochs[i]!));
      continue;
    }
    // The server's number, which is the paper's formula of the epochs (ratesTokens.test.ts checks the formula).
    assert.ok(Math.abs(m.effectiveEpochs[i]! - effectiveEpochs(m.epochs[i]!)) < 1e-12);
    if (m.epochs[i]! > 4) {
      repeated++;
      assert.ok(m.effectiveEpochs[i]! < m.epochs[i]!);
    }
  }
  assert.ok(repeated > 0, 'some strategy repeats a GLUE task past 4 epochs');
  // Coloured on the epochs' scale: a repeated cell's effective value sits nearer the neutral middle than its epochs.
  const scale = epochScale(m.effectiveEpochs, 10);
  const i = m.epochs.findIndex((e) => e > 4);
  assert.ok(scale.position(m.effectiveEpochs[i]!) < scale.position(m.epochs[i]!));
});
