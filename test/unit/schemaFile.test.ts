import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJsonSchema } from '../../server/src/core/schema';

test('media/mixture.schema.json is what the format definition generates (run `npm run gen:schema` after changing it)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', '..', 'media', 'mixture.schema.json'), 'utf8');
  assert.equal(committed, JSON.stringify(generateJsonSchema(), null, 2) + '\n');
});
