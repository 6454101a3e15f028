import type { JourneyNode, NodeType } from '@trellis/journey';

/**
 * What a node dropped from the palette starts with: data that already passes the schema, so a
 * fresh node shows no `schema` problem, only the missing edges the marketer is about to draw.
 * Except a send's template: no id is a safe guess (a made-up one would publish and then fail
 * to send), so it starts with none, and Problems asks for a stored one.
 */
export function defaultDataFor(type: NodeType): JourneyNode['data'] {
  switch (type) {
    case 'trigger':
      return { label: 'Form submitted', on: { event: 'form_submitted' } };
    case 'wait':
      return { label: 'Wait', for: 'P1D' };
    case 'branch':
      return { label: 'Is it hot?', cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }] };
    case 'split':
      return {
        label: 'A/B test',
        variants: [
          { handle: 'A', weight: 50 },
          { handle: 'B', weight: 50 },
        ],
      };
    case 'send':
      return { label: 'Send email', channel: 'email', template: '' };
    case 'update':
      return { label: 'Add score', score: { add: 10 } };
    case 'handoff':
      return { label: 'Hand to sales', queue: 'inside-sales', assign: 'round_robin', sla: 'PT48H' };
    case 'exit':
      return { label: 'Converted', outcome: 'converted' };
    case 'cadence':
      // One call at once, due in five minutes; the inspector's preset fills a whole response cadence.
      return { label: 'Cadence', touches: [{ at: 'PT0M', channel: 'call_task', template: '', due: 'PT5M' }], stopOn: { event: 'call_connected' } };
  }
}

/** Names and colors per node type, shared by the palette, the nodes and the minimap. */
export const NODE_TYPE_INFO: Record<NodeType, { title: string; hint: string; color: string; icon: string }> = {
  trigger: { title: 'Trigger', hint: 'How leads enter', color: '#7c3aed', icon: '⚡' },
  wait: { title: 'Wait', hint: 'A delay, a time, or an event', color: '#0891b2', icon: '◷' },
  branch: { title: 'Branch', hint: 'If / else on the lead', color: '#d97706', icon: '⋔' },
  split: { title: 'A/B split', hint: 'Random, weighted', color: '#db2777', icon: '⚖' },
  send: { title: 'Send', hint: 'Email, SMS, task, mail, webhook', color: '#2563eb', icon: '✉' },
  update: { title: 'Update', hint: 'Score, stage, attributes', color: '#059669', icon: '✎' },
  handoff: { title: 'Sales handoff', hint: 'Task for sales with an SLA', color: '#ea580c', icon: '☎' },
  exit: { title: 'Exit', hint: 'End with an outcome', color: '#475569', icon: '⚑' },
  cadence: { title: 'Cadence', hint: 'Calls, emails, SMS on a schedule', color: '#0f766e', icon: '☷' },
};

/** A node type's title ("Sales handoff"), or null for a type the editor does not know. */
export function typeTitle(type: unknown): string | null {
  return typeof type === 'string' && Object.hasOwn(NODE_TYPE_INFO, type) ? NODE_TYPE_INFO[type as NodeType].title : null;
}

/** What a step is called on screen: its label, else its type's title; null when it has neither. */
export function stepLabel(type: unknown, label: unknown): string | null {
  return typeof label === 'string' && label ? label : typeTitle(type);
}
