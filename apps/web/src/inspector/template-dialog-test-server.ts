import type { QueryClient } from '@tanstack/react-query';
import { vi } from 'vitest';
import type { Template } from '../api/client.js';

/**
 * Test support for the "New template…" dialog (NewTemplateDialog), wherever a form opens it:
 * what its message editor reads, put in the query cache, and the server at the HTTP edge.
 */

/** The editor's lists, loaded: `stored` as the templates, no library rows, a few merge fields, no snippets. */
export function primeTemplateEditor(client: QueryClient, stored: readonly Template[], mergeFields: { lead: string[]; attributes: string[] }): void {
  client.setQueryData(['templates'], stored);
  client.setQueryData(['library-templates'], { templates: [] });
  client.setQueryData(['merge-fields'], { ...mergeFields, sender: [], other: [] });
  client.setQueryData(['snippets'], { snippets: [] });
}

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * The live check finds nothing wrong; a create answers the stored template; the template list
 * answers `listed` (as the server sends them); anything else is a 404 naming the URL.
 */
export function serveTemplateEditor(listed: readonly object[]) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    if (url.includes('/api/templates/check')) return answer({ problems: [] });
    if (url.endsWith('/api/templates') && init?.method === 'POST') {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>;
      return answer({ ...body, html: null, subject: null, createdAt: '2026-12-03T10:00:00Z', updatedAt: '2026-12-03T10:00:00Z', updatedBy: 'marketer' }, 201);
    }
    if (url.endsWith('/api/templates')) return answer({ templates: listed });
    return answer({ error: { code: 'not_found', message: `not served in this test: ${url}` } }, 404);
  });
}
