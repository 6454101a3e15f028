import { journeyDraftSchema, type Journey } from '@trellis/journey';

export type ImportResult = { ok: true; journey: Journey } | { ok: false; message: string };

/**
 * Reads an exported journey file. A document with schema problems still opens (the problems
 * list then says what is wrong, node by node); only text that is not a journey at all, one that
 * could not be drawn, is refused: the same rule the server applies to a saved draft.
 */
export function parseJourneyFile(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not JSON: ${(error as Error).message}` };
  }
  const draft = journeyDraftSchema.safeParse(parsed);
  if (!draft.success) return { ok: false, message: `The file is not a journey: ${whereAndWhat(draft.error.issues[0]!)}.` };
  return { ok: true, journey: { ...(draft.data as unknown as Journey), settings: (draft.data.settings ?? {}) as Journey['settings'] } };
}

/**
 * Why a stored draft cannot be drawn, or null when it can. Drafts saved before the server checked
 * their skeleton may not pass; a page says so rather than failing to draw.
 */
export function undrawableDraft(document: unknown): string | null {
  const draft = journeyDraftSchema.safeParse(document);
  return draft.success ? null : `The saved draft cannot be drawn: ${whereAndWhat(draft.error.issues[0]!)}. Import a journey file over it, or save a fixed one with PUT /api/journeys/:id.`;
}

function whereAndWhat(issue: { path: readonly PropertyKey[]; message: string }): string {
  return issue.path.length > 0 ? `${pathText(issue.path)}: ${issue.message}` : issue.message;
}

/** `nodes[1].position.y`, as a person reads a place in a document. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

export function downloadJourney(journey: Journey): void {
  const blob = new Blob([`${JSON.stringify(journey, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${journey.name.replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase() || 'journey'}.journey.json`;
  link.click();
  URL.revokeObjectURL(url);
}
