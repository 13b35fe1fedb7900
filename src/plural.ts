// Counts in messages: "1 sample", "2 samples". One helper, so no message says "1 samples" or "benchmark(s)".

/** `count` and the noun agreeing with it; `pluralForm` for nouns that do not take an -s. */
export function plural(count: number, noun: string, pluralForm = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralForm}`;
}

/** Just the noun, for messages that print the count themselves in another format. */
export function nounFor(count: number, noun: string, pluralForm = `${noun}s`): string {
  return count === 1 ? noun : pluralForm;
}
