// Weights as the engines read them: Python's float() on a word (Megatron's get_blend_from_list, LLaMA-Factory's
// interleave_probs), so `.0333`, `1e-3`, `+2` and `1_000` are numbers, and `inf` / `nan` are numbers that no blend
// can use.

const PYTHON_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const PYTHON_SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;

/** The value Python's float() gives `word`, or undefined where float() raises ValueError. */
export function pythonFloatValue(word: string): number | undefined {
  const s = word.trim();
  if (PYTHON_SPECIAL.test(s)) return /nan/i.test(s) ? NaN : s.startsWith('-') ? -Infinity : Infinity;
  if (!PYTHON_FLOAT.test(s)) return undefined;
  return Number(s.replace(/_/g, ''));
}

/** Why a weight cannot be a rate, or undefined when it can: finite and >= 0. */
export function weightProblem(value: number): string | undefined {
  if (Number.isNaN(value) || !Number.isFinite(value)) return 'is not a finite number';
  if (value < 0) return 'is negative';
  return undefined;
}
