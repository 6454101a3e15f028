import type { Channel } from './schema.js';
import type { Problem } from './validate.js';
import { clip, isObject, nodeProblem, nonEmptyString, type Json, type NodeView, type Path } from './validate-views.js';

/**
 * `unknown_template`: a send names a template that is not stored, or one of another channel
 * (journey-format.md, "Additions"). Every channel's step names a template of its own channel:
 * a task's text, a letter, and a webhook's template (whose body is the URL it posts to) alike.
 * A cadence's touches are checked the same way, each on its own path.
 */

/** How a channel's templates are called in a sentence, with the article it takes. */
const CHANNEL_WORDS: Record<Channel, { a: string; name: string }> = {
  email: { a: 'an', name: 'email' },
  sms: { a: 'an', name: 'SMS' },
  call_task: { a: 'a', name: 'call task' },
  voicemail_task: { a: 'a', name: 'voicemail task' },
  direct_mail: { a: 'a', name: 'direct mail' },
  webhook: { a: 'a', name: 'webhook' },
};

function channelWords(channel: unknown): { a: string; name: string } | undefined {
  return typeof channel === 'string' && Object.hasOwn(CHANNEL_WORDS, channel) ? CHANNEL_WORDS[channel as Channel] : undefined;
}

/** `templates` maps each stored template's id to its channel. */
export function checkTemplates(nodes: NodeView[], templates: ReadonlyMap<string, string>, problems: Problem[]): void {
  for (const node of nodes) {
    if (!node.data) continue;
    if (node.type === 'send') checkTemplate(node, node.data, ['nodes', node.index, 'data'], '', templates, problems);
    if (node.type === 'cadence' && Array.isArray(node.data.touches)) {
      node.data.touches.forEach((touch, i) => {
        if (isObject(touch)) checkTemplate(node, touch, ['nodes', node.index, 'data', 'touches', i], ` (touch ${i + 1})`, templates, problems);
      });
    }
  }
}

/** One send's or touch's template: `where` says which touch in the message. */
function checkTemplate(node: NodeView, data: Json, at: Path, where: string, templates: ReadonlyMap<string, string>, problems: Problem[]): void {
  // No template, or one that is not text, is the schema's problem (it says so in its words).
  const template = nonEmptyString(data.template);
  if (template === undefined) return;
  const path = [...at, 'template'];
  const step = channelWords(data.channel);
  const wanted = step ? `a stored ${step.name} template` : 'a stored template';
  const stored = templates.get(template);
  if (stored === undefined) {
    const message = `${node.name}${where} names template "${clip(template)}", which does not exist; pick ${wanted} or create it`;
    problems.push(nodeProblem('unknown_template', node, message, path));
    return;
  }
  // A step whose channel is not one the schema knows has a schema problem; any stored template fits it no worse.
  if (!step || stored === data.channel) return;
  const other = channelWords(stored);
  const what = other ? `${other.a} ${other.name} template` : `a template of channel "${clip(stored)}"`;
  const message = `${node.name}${where} names template "${clip(template)}", which is ${what}, not ${step.a} ${step.name} one; pick ${wanted}`;
  problems.push(nodeProblem('unknown_template', node, message, path));
}
