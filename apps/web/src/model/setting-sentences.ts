import { isSavedSegmentRef, type JourneyNode } from '@trellis/journey';
import { describeCondition, describeWhere } from './condition-text.js';
import { cadenceSentences } from './cadence-text.js';
import { describeDuration } from './duration.js';
import { savedSegmentText, type SavedSegments } from './saved-segment-text.js';
import { assignText, channelText, describeDays, percentOf, summarize } from './summary.js';

/**
 * A step's settings as sentences, in the card's words (summary.ts), for the people who read a
 * journey without editing it: reviewers, operators, sales. Never JSON: a branch reads "If
 * Score ≥ 50, the lead takes hot", not `[{"when":{"op":"gte",…}}]`. A step whose settings the
 * schema would refuse falls back to its card line.
 */
export function settingSentences(node: JourneyNode, segments?: SavedSegments): string[] {
  try {
    return sentencesOf(node, segments);
  } catch {
    try {
      return [summarize(node, segments)];
    } catch {
      return ['Its settings need attention.'];
    }
  }
}

function sentencesOf(node: JourneyNode, segments: SavedSegments | undefined): string[] {
  switch (node.type) {
    case 'trigger': {
      const on = node.data.on;
      if ('event' in on) return [`Leads enter when ${on.event} happens${on.where ? ` with ${describeWhere(on.where)}` : ''}.`];
      if ('condition' in on) return [`Leads enter when ${describeCondition(on.condition)}.`];
      if (isSavedSegmentRef(on.segment)) {
        return [`${savedSegmentText(on.segment.saved, segments)} enter, and each lead that joins it later; editing the segment changes who that is.`];
      }
      return [`Leads enter when they join the segment: ${describeCondition(on.segment)}.`];
    }
    case 'wait': {
      const data = node.data;
      if ('for' in data) return [`Waits ${describeDuration(data.for)}.`];
      if ('time' in data.until) return [`Waits until ${data.until.time} on the lead's clock, ${describeDays(data.until.days)}.`];
      const where = data.until.where ? ` with ${describeWhere(data.until.where)}` : '';
      return [
        `Waits for ${data.until.event}${where}, at most ${describeDuration(data.until.timeout)}.`,
        'If it comes, the lead takes the event path; if not, the timeout path.',
      ];
    }
    case 'branch':
      return [
        ...node.data.cases.map((c, i) => `${i === 0 ? 'If' : 'Else if'} ${describeCondition(c.when)}, the lead takes ${c.handle}.`),
        'Otherwise the lead takes else.',
      ];
    case 'split': {
      const total = node.data.variants.reduce((sum, v) => sum + Math.max(v.weight, 0), 0);
      const sentences = node.data.variants.map((v) => `${percentOf(v.weight, total)} of leads take ${v.handle}.`);
      const experiment = node.data.experiment;
      if (experiment) {
        const metric = experiment.metric === 'goal' ? "the journey's goal" : experiment.metric.event;
        sentences.push(
          `An experiment measures ${metric} within ${describeDuration(experiment.window)} and picks a winner after ${describeDuration(experiment.decideAfter)}.`,
        );
      }
      return sentences;
    }
    case 'send': {
      const data = node.data;
      const what = data.channel === 'webhook' ? 'Calls the webhook' : `Sends ${channelText(data.channel).toLowerCase()}`;
      const from = data.sender === 'owner' ? " from the lead's owner" : data.sender?.name ? ` from ${data.sender.name}` : '';
      const due = 'due' in data && typeof data.due === 'string' ? ` It is due ${describeDuration(data.due)} after it is made.` : '';
      return [`${what} with template ${data.template || '(none chosen)'}${from}.${due}`];
    }
    case 'update': {
      const sentences: string[] = [];
      const score = node.data.score;
      if (score && 'add' in score) sentences.push(score.add >= 0 ? `Adds ${score.add} to the score.` : `Takes ${-score.add} off the score.`);
      if (score && 'set' in score) sentences.push(`Sets the score to ${score.set}.`);
      for (const [key, value] of Object.entries(node.data.set ?? {})) sentences.push(`Sets ${key.replace(/^attributes\./, '')} to ${valueWords(value)}.`);
      return sentences.length > 0 ? sentences : ['Changes nothing.'];
    }
    case 'handoff':
      return [
        `Hands the lead to the ${node.data.queue} queue (${assignText(node.data.assign)}).`,
        `Sales answer within ${describeDuration(node.data.sla)}: accepted, recycled or disqualified; after that the SLA expired path.`,
      ];
    case 'exit':
      return [`The journey ends with outcome ${node.data.outcome}.`];
    case 'cadence':
      return cadenceSentences(node.data);
    default:
      return [summarize(node)];
  }
}

/** A value a step sets, in words: text as it is, lists joined, anything else as plain fields. */
export function valueWords(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(valueWords).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${valueWords(v)}`)
      .join(', ');
  }
  return String(value);
}
