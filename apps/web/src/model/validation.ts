import type { Problem } from '@trellis/journey';
import type { Template } from '../api/client.js';

export type { Problem };
export { hasErrors, validateJourney } from '@trellis/journey';

/**
 * The stored templates as the validator takes them (id → channel), or undefined when the
 * editor does not know them (still loading, not loaded, or a template without its channel):
 * then `unknown_template` is left to the server, which checks it again when publishing.
 */
export function templateChannels(templates: readonly Template[] | null | undefined): ReadonlyMap<string, string> | undefined {
  if (!templates || templates.some((t) => !t.channel)) return undefined;
  return new Map(templates.map((t) => [t.id, t.channel!]));
}
