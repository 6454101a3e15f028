import type { SqlQueryable } from './sql.js';
import { createTemplate, type TemplateInput } from './templates.js';

/**
 * Test fixture: stores a template for every send and cadence touch of a journey document (its id and channel,
 * a plain subject and body; a webhook's body is a public URL), so the engine publishes it: a
 * send naming a template that is not stored is `unknown_template`. A template already stored
 * under that id is left as it is.
 */
export async function storeTemplatesOf(db: SqlQueryable, document: unknown): Promise<void> {
  type Named = { channel?: string; template?: string };
  const nodes = (document as { nodes?: { type?: string; data?: Named & { touches?: Named[] } }[] }).nodes ?? [];
  // A send names one template; a cadence one per touch.
  const named = nodes.flatMap((node) => (node.type === 'send' ? [node.data ?? {}] : node.type === 'cadence' ? (node.data?.touches ?? []) : []));
  for (const { channel, template } of named) {
    if (!channel || !template) continue;
    await createTemplate(db, {
      id: template,
      // A journey's channel is one the templates table takes; the journey package defines both.
      channel: channel as TemplateInput['channel'],
      name: template,
      subject: channel === 'webhook' ? null : `${template} for {{ lead.email }}`,
      body: channel === 'webhook' ? 'https://hooks.example.com/trellis' : `The ${template} message.`,
    });
  }
}
