import type { StoredTemplate } from '../api/content.js';

export interface LibraryFilter {
  /** Words to find in the id, name, subject or body, any case; every word must be found. */
  q: string;
  /** One channel, or '' for all. */
  channel: string;
}

/** The templates a search and a channel filter keep, by name. */
export function filterTemplates(templates: readonly StoredTemplate[], { q, channel }: LibraryFilter): StoredTemplate[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return templates
    .filter((t) => !channel || t.channel === channel)
    .filter((t) => {
      const text = [t.id, t.name, t.subject ?? '', t.body].join('\n').toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
