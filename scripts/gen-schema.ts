// Writes media/mixture.schema.json (for Red Hat YAML's `yamlValidation`) from the format definition.
// Usage: node out/scripts/gen-schema.js [output path]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generateJsonSchema } from '../server/src/core/schema';

// Built to out/scripts/, so the repository root is two levels up.
const target = resolve(process.argv[2] ?? resolve(__dirname, '../../media/mixture.schema.json'));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, JSON.stringify(generateJsonSchema(), null, 2) + '\n');
console.log(`wrote ${target}`);
