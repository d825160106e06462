// Writes examples/data/qnli.train.parquet (committed; re-run to regenerate): a few QNLI-style rows,
// written with the test suite's independent parquet writer, so the example mixture has a real Parquet file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeParquet } from '../test/unit/helpers/parquetWriter';

const rows: [string, string, string][] = [
  ['What came into force after the new constitution was herald?', 'As of that day, the new constitution heralding the Second Republic came into force.', 'entailment'],
  ['What is the first major city in the stream of the Rhine?', 'The most important tributaries in this area are the Ill below of Strasbourg, the Neckar in Mannheim and the Main across from Mainz.', 'not_entailment'],
  ['What is the minimum required if you want to teach in Canada?', "In most provinces a second Bachelor's Degree such as a Bachelor of Education is required to become a qualified teacher.", 'not_entailment'],
  ['How was the Everton FC\'s crest redesign received by fans?', 'The redesign was poorly received by supporters, with a poll on an Everton fan site registering a 91% negative response to the crest.', 'entailment'],
  ['In what year did Robert Louis Stevenson die?', 'Mission work in Samoa had begun in late 1830 by John Williams.', 'not_entailment'],
  ['What is Dyrrachium known as today?', 'The city of Dyrrachium, today called Durres, was an important port on the Adriatic.', 'entailment'],
  ['Who was the first commander of the Continental Navy?', 'Esek Hopkins was named the first commander in chief of the Continental Navy in 1775.', 'entailment'],
  ['What percentage of farmland grows wheat?', 'More than 50% of this area is sown for wheat, 33% for barley and 7% for oats.', 'entailment'],
  ['Where did the Exposition take place?', 'This World\'s Fair devoted a building to electrical exhibits.', 'not_entailment'],
  ['When did the Greek War of Independence begin?', 'The Greek War of Independence began in 1821 against the Ottoman Empire.', 'entailment'],
];

const bytes = writeParquet(
  [
    { path: 'question', type: 'string', values: rows.map((r) => r[0]) },
    { path: 'sentence', type: 'string', values: rows.map((r) => r[1]) },
    { path: 'label', type: 'string', values: rows.map((r) => r[2]) },
  ],
);
const out = join(__dirname, '..', '..', 'examples', 'data', 'qnli.train.parquet');
writeFileSync(out, bytes);
console.log(`wrote ${out} (${bytes.length} bytes, ${rows.length} rows)`);
