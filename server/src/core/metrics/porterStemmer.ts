// The Porter stemmer (Porter 1980, "An algorithm for suffix stripping"), in the three variants NLTK ships:
// the published algorithm, Martin Porter's own later version, and NLTK's extensions. rouge-score stems with
// NLTK's default `PorterStemmer()`, which is the NLTK_EXTENSIONS variant, so that is what ROUGE uses here.
// Written from the paper's rules and NLTK's documented departures; checked against NLTK's 23,531-word test
// vocabulary for every mode (test/unit/metricsPorter.test.ts).

export type PorterMode = 'NLTK_EXTENSIONS' | 'MARTIN_EXTENSIONS' | 'ORIGINAL_ALGORITHM';

/** A suffix rule: a word ending in `suffix` whose stem satisfies `when` gets `replacement` instead. */
interface SuffixRule {
  suffix: string;
  replacement: string;
  when?: (stem: string) => boolean;
}

/** Words NLTK maps directly (its table of irregular forms), bypassing the steps. */
const IRREGULAR_FORMS: Record<string, string> = {
  sky: 'sky',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  news: 'news',
  innings: 'inning',
  inning: 'inning',
  outings: 'outing',
  outing: 'outing',
  cannings: 'canning',
  canning: 'canning',
  howe: 'howe',
  proceed: 'proceed',
  exceed: 'exceed',
  succeed: 'succeed',
};

const isVowelLetter = (ch: string | undefined) => ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';

/** The paper's consonant: not a, e, i, o, u, and not a y that follows a consonant. */
function isConsonant(word: string, i: number): boolean {
  const ch = word[i];
  if (isVowelLetter(ch)) return false;
  if (ch === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** m, the number of VC sequences in the form [C](VC)^m[V]. */
function measure(stem: string): number {
  let m = 0;
  for (let i = 1; i < stem.length; i++) {
    if (isConsonant(stem, i) && !isConsonant(stem, i - 1)) m++;
  }
  return m;
}

const positiveMeasure = (stem: string) => measure(stem) > 0;
const measureAboveOne = (stem: string) => measure(stem) > 1;

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

/** *d: ends with a double consonant. */
function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

export class PorterStemmer {
  constructor(readonly mode: PorterMode = 'NLTK_EXTENSIONS') {}

  /** The stem of a word; the word is lower-cased first, as NLTK's `stem(word)` does by default. */
  stem(word: string): string {
    let stem = word.toLowerCase();
    if (this.mode === 'NLTK_EXTENSIONS' && Object.hasOwn(IRREGULAR_FORMS, word)) return IRREGULAR_FORMS[word]!;
    // Words of one or two letters are left alone except in the published algorithm.
    if (this.mode !== 'ORIGINAL_ALGORITHM' && word.length <= 2) return stem;
    stem = this.step1a(stem);
    stem = this.step1b(stem);
    stem = this.step1c(stem);
    stem = this.step2(stem);
    stem = this.step3(stem);
    stem = this.step4(stem);
    stem = this.step5a(stem);
    stem = this.step5b(stem);
    return stem;
  }

  /** *o: the stem ends consonant-vowel-consonant, the last not w, x or y (NLTK also accepts a two-letter vc word). */
  private endsCvc(word: string): boolean {
    const n = word.length;
    const cvc =
      n >= 3 &&
      isConsonant(word, n - 3) &&
      !isConsonant(word, n - 2) &&
      isConsonant(word, n - 1) &&
      word[n - 1] !== 'w' &&
      word[n - 1] !== 'x' &&
      word[n - 1] !== 'y';
    if (cvc) return true;
    return this.mode === 'NLTK_EXTENSIONS' && n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
  }

  private step1a(word: string): string {
    // NLTK: 'dies' -> 'die' (a four-letter -ies word keeps its e), while 'flies' -> 'fli'.
    if (this.mode === 'NLTK_EXTENSIONS' && word.length === 4 && word.endsWith('ies')) return word.slice(0, -3) + 'ie';
    return applyFirstRule(word, [
      { suffix: 'sses', replacement: 'ss' },
      { suffix: 'ies', replacement: 'i' },
      { suffix: 'ss', replacement: 'ss' },
      { suffix: 's', replacement: '' },
    ]);
  }

  private step1b(word: string): string {
    if (this.mode === 'NLTK_EXTENSIONS' && word.endsWith('ied')) {
      return word.slice(0, -3) + (word.length === 4 ? 'ie' : 'i');
    }
    if (word.endsWith('eed')) {
      const stem = word.slice(0, -3);
      return measure(stem) > 0 ? stem + 'ee' : word;
    }
    let stem: string | undefined;
    for (const suffix of ['ed', 'ing']) {
      if (word.endsWith(suffix) && containsVowel(word.slice(0, -suffix.length))) {
        stem = word.slice(0, -suffix.length);
        break;
      }
    }
    if (stem === undefined) return word;
    // Tidy the stem so that -ate, -ble and -ize can be recognised later.
    if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
    if (endsDoubleConsonant(stem)) {
      const last = stem[stem.length - 1]!;
      return last === 'l' || last === 's' || last === 'z' ? stem : stem.slice(0, -1);
    }
    if (measure(stem) === 1 && this.endsCvc(stem)) return stem + 'e';
    return stem;
  }

  private step1c(word: string): string {
    // NLTK turns y into i only after a consonant that is not the whole stem ('happy' -> 'happi', 'enjoy' stays).
    const when =
      this.mode === 'NLTK_EXTENSIONS'
        ? (stem: string) => stem.length > 1 && isConsonant(stem, stem.length - 1)
        : containsVowel;
    return applyFirstRule(word, [{ suffix: 'y', replacement: 'i', when }]);
  }

  private step2(word: string): string {
    if (this.mode === 'NLTK_EXTENSIONS' && word.endsWith('alli') && positiveMeasure(word.slice(0, -4))) {
      // NLTK applies ALLI -> AL first and runs step 2 again on the result.
      return this.step2(word.slice(0, -4) + 'al');
    }
    const rules: SuffixRule[] = [
      { suffix: 'ational', replacement: 'ate', when: positiveMeasure },
      { suffix: 'tional', replacement: 'tion', when: positiveMeasure },
      { suffix: 'enci', replacement: 'ence', when: positiveMeasure },
      { suffix: 'anci', replacement: 'ance', when: positiveMeasure },
      { suffix: 'izer', replacement: 'ize', when: positiveMeasure },
      // The paper has ABLI -> ABLE; Martin Porter's later version (and NLTK) generalize it to BLI -> BLE.
      this.mode === 'ORIGINAL_ALGORITHM'
        ? { suffix: 'abli', replacement: 'able', when: positiveMeasure }
        : { suffix: 'bli', replacement: 'ble', when: positiveMeasure },
      { suffix: 'alli', replacement: 'al', when: positiveMeasure },
      { suffix: 'entli', replacement: 'ent', when: positiveMeasure },
      { suffix: 'eli', replacement: 'e', when: positiveMeasure },
      { suffix: 'ousli', replacement: 'ous', when: positiveMeasure },
      { suffix: 'ization', replacement: 'ize', when: positiveMeasure },
      { suffix: 'ation', replacement: 'ate', when: positiveMeasure },
      { suffix: 'ator', replacement: 'ate', when: positiveMeasure },
      { suffix: 'alism', replacement: 'al', when: positiveMeasure },
      { suffix: 'iveness', replacement: 'ive', when: positiveMeasure },
      { suffix: 'fulness', replacement: 'ful', when: positiveMeasure },
      { suffix: 'ousness', replacement: 'ous', when: positiveMeasure },
      { suffix: 'aliti', replacement: 'al', when: positiveMeasure },
      { suffix: 'iviti', replacement: 'ive', when: positiveMeasure },
      { suffix: 'biliti', replacement: 'ble', when: positiveMeasure },
    ];
    if (this.mode === 'NLTK_EXTENSIONS') {
      rules.push({ suffix: 'fulli', replacement: 'ful', when: positiveMeasure });
      // The l of -logi stays with the stem, so short stems like geo- and theo- qualify.
      rules.push({ suffix: 'logi', replacement: 'log', when: () => positiveMeasure(word.slice(0, -3)) });
    } else if (this.mode === 'MARTIN_EXTENSIONS') {
      rules.push({ suffix: 'logi', replacement: 'log', when: positiveMeasure });
    }
    return applyFirstRule(word, rules);
  }

  private step3(word: string): string {
    return applyFirstRule(word, [
      { suffix: 'icate', replacement: 'ic', when: positiveMeasure },
      { suffix: 'ative', replacement: '', when: positiveMeasure },
      { suffix: 'alize', replacement: 'al', when: positiveMeasure },
      { suffix: 'iciti', replacement: 'ic', when: positiveMeasure },
      { suffix: 'ical', replacement: 'ic', when: positiveMeasure },
      { suffix: 'ful', replacement: '', when: positiveMeasure },
      { suffix: 'ness', replacement: '', when: positiveMeasure },
    ]);
  }

  private step4(word: string): string {
    const plain = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent'];
    const rules: SuffixRule[] = plain.map((suffix) => ({ suffix, replacement: '', when: measureAboveOne }));
    rules.push({
      suffix: 'ion',
      replacement: '',
      when: (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t')),
    });
    for (const suffix of ['ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize']) rules.push({ suffix, replacement: '', when: measureAboveOne });
    return applyFirstRule(word, rules);
  }

  private step5a(word: string): string {
    // Both E rules are tried (unlike the other steps, a failed first condition does not stop the second).
    if (!word.endsWith('e')) return word;
    const stem = word.slice(0, -1);
    const m = measure(stem);
    if (m > 1) return stem;
    if (m === 1 && !this.endsCvc(stem)) return stem;
    return word;
  }

  private step5b(word: string): string {
    return word.endsWith('ll') && measure(word.slice(0, -1)) > 1 ? word.slice(0, -1) : word;
  }
}

/**
 * The paper's rule lists: the first rule whose suffix the word ends with decides; if its condition fails on the
 * stem, the word is left as it is (later rules of the list are not tried).
 */
function applyFirstRule(word: string, rules: readonly SuffixRule[]): string {
  for (const rule of rules) {
    if (!word.endsWith(rule.suffix)) continue;
    const stem = word.slice(0, word.length - rule.suffix.length);
    return !rule.when || rule.when(stem) ? stem + rule.replacement : word;
  }
  return word;
}
