/**
 * Puts `inserted` where the caret is in a text field (replacing a selection), and says where the
 * caret goes after it, so a field picked from the list lands where the marketer was typing.
 */
export function insertAt(value: string, selectionStart: number | null, selectionEnd: number | null, inserted: string): { value: string; caret: number } {
  const start = selectionStart ?? value.length;
  const end = selectionEnd ?? start;
  return { value: value.slice(0, start) + inserted + value.slice(end), caret: start + inserted.length };
}

/** The Liquid a picked field is written as; a lead field gets a default so an empty one reads well. */
export function liquidFor(field: string, fallback = ''): string {
  return fallback ? `{{ ${field} | default: "${fallback.replace(/"/g, '')}" }}` : `{{ ${field} }}`;
}
