import type { SqlQueryable } from './sql.js';
import { createTemplate, type TemplateInput } from './templates.js';

/**
 * Test fixture: stores a template for every send of a journey document (its id and channel,
 * a plain subject and body; a webhook's body is a public URL), so the engine publishes it: a
 * send naming a template that is not stored is `unknown_template`. A template already stored
 * under that id is left as it is.
 */
export async function storeTemplatesOf(db: SqlQueryable, document: unknown): Promise<void> {
  const nodes = (document as { nodes?: { type?: string; data?: { channel?: string; template?: string } }[] }).nodes ?? [];
  for (const node of nodes) {
    const { channel, template } = node.data ?? {};
    if (node.type !== 'send' || !channel || !template) continue;
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
