// Checks of the token settings of spec 1.1 that need only the file: `sampling.unit` is `examples` or `tokens`, and a
// budget in tokens is the only budget (the examples drawn follow from it, so a second S would disagree).
import { UNIT_NAMES } from '../schema/mixtureFormat';
import type { Diagnostic, KeyInfo, MixtureModel } from '../types';
import { removeKeyEdit, replaceEdit } from '../edit';
import { makeDiagnostic } from './diagnosticCodes';
import { suggest } from './didYouMean';

export function checkTokenSettings(model: MixtureModel, text: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const unit = model.sampling?.unit;
  if (unit && !(UNIT_NAMES as readonly string[]).includes(unit.value)) {
    const guess = suggest(unit.value, UNIT_NAMES);
    out.push(
      makeDiagnostic('unknown-unit', unit.range, `Unknown unit \`${unit.value}\`${guess ? `: did you mean \`${guess}\`?` : ''} The unit is \`examples\` (default) or \`tokens\`.`, {
        fixes: guess ? [{ title: `Change to \`${guess}\``, edits: [replaceEdit(unit.range, guess)], preferred: true }] : [],
      }),
    );
  }
  const keys = model.budget?.keys ?? [];
  const tokens = keys.find((k) => k.key === 'tokens');
  const others = keys.filter((k) => k.key === 'examples' || k.key === 'steps' || k.key === 'batch_size');
  if (tokens && others.length > 0) {
    const removal = (k: KeyInfo) => (text === undefined ? [] : [removeKeyEdit(text, k)]);
    out.push(
      makeDiagnostic('budget-conflict', tokens.keyRange, `The budget gives S twice: \`tokens\` and \`${others.map((k) => k.key).join('` and `')}\`. Keep one of them (the examples drawn follow from the tokens).`, {
        related: others.map((k) => ({ message: `\`${k.key}\` is here`, range: k.keyRange })),
        fixes: text === undefined ? [] : [{ title: 'Remove `tokens` (keep the budget in examples)', edits: removal(tokens), preferred: true }],
      }),
    );
  }
  return out;
}
