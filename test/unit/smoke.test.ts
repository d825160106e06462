import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Range } from '../../server/src/core/types';

test('build and runner work', () => {
  const r: Range = [0, 1];
  assert.equal(r[1] - r[0], 1);
});
