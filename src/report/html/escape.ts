// Everything a report shows comes from untrusted input (function and file names, source lines,
// messages quoting code), so every string goes into the page through one of these two doors.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON safe inside `<script type="application/json">`: with `<`, `>` and `&` as \u escapes no
 * `</script>` or `<!--` can end the element early, and U+2028/2029 are escaped for old JS parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escaped text where `backticked` spans become <code>, as messages quote code that way. */
export function escapeMessage(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

/** A number for markup: a DoctorReport may come back from JSON, so its "numbers" are checked too. */
export function htmlNumber(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '0';
}
