import type { LeadJourney, TimelineItem } from '../api/people.js';
import { stepLabel } from '../model/defaults.js';
import { channelText } from '../model/summary.js';

/** A lead's journey, or a timeline item (read loosely: its fields may be absent or null). */
type StepFields = LeadJourney | TimelineItem | { nodeId: string; nodeLabel?: string | null; nodeType?: string | null };
type LooseStepFields = Partial<Record<'journeyId' | 'journeyName' | 'nodeId' | 'nodeLabel' | 'nodeType', unknown>>;

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * A step as people know it: its label, else the title the canvas shows for its type, else its
 * id. The server names steps (`nodeLabel`, `nodeType`) because sales may not read journeys.
 */
export function stepName(item: StepFields): string {
  const { nodeId, nodeLabel, nodeType } = item as LooseStepFields;
  return stepLabel(nodeType, nodeLabel) ?? text(nodeId) ?? 'a step';
}

/** A journey by its name, or its id when the server knows no name. */
export function journeyName(item: StepFields): string {
  const { journeyId, journeyName } = item as LooseStepFields;
  return text(journeyName) ?? text(journeyId) ?? '';
}

/** A time in the timeline's narrow column: short date, time to the second, on one line. */
export function shortTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/**
 * Why the engine ended a run, where the outcome alone does not say (an `error`: the loop it
 * stopped the lead in). On a lead's journey and on the last step of that run.
 */
function reasonOf(item: StepFields | TimelineItem): string | null {
  return text((item as { reason?: unknown }).reason);
}

/** Where the lead is, or ended, in a journey: "In Speed to lead at Call them (since 3/2/26, 9:00:00 AM)". */
export function leadJourneyText(j: LeadJourney): string {
  const where = `${journeyName(j)} at ${stepName(j)}`;
  if (j.status === 'active') return `In ${where} (since ${shortTime(j.enteredAt)})`;
  const how = [j.outcome, j.endedAt ? shortTime(j.endedAt) : null].filter(Boolean).join(', ');
  const reason = reasonOf(j);
  return `Left ${where}${how ? ` (${how})` : ''}${reason ? `: ${reason}` : ''}`;
}

/** What the lead did with each email, by send id: counted from the timeline's own events. */
export interface SendEngagement {
  template: string;
  opens: number;
  clicks: number;
}

/** Engagement events carry the id of the send they belong to (`props.sendId`). */
function sendIdOf(item: TimelineItem): string | null {
  const props = item.props;
  if (!props || typeof props !== 'object') return null;
  const id = (props as Record<string, unknown>).sendId;
  return typeof id === 'string' ? id : null;
}

/** Opens (people's, not mail scanners') and clicks per send, for showing them against it. */
export function engagementBySend(items: readonly TimelineItem[]): Map<string, SendEngagement> {
  const bySend = new Map<string, SendEngagement>();
  for (const item of items) {
    if (item.kind === 'send' && typeof item.id === 'string') bySend.set(item.id, { template: templateName(item), opens: 0, clicks: 0 });
  }
  for (const item of items) {
    if (item.kind !== 'event') continue;
    const send = bySend.get(sendIdOf(item) ?? '');
    if (!send) continue;
    const machine = (item.props as Record<string, unknown> | undefined)?.machine === true;
    if (item.type === 'email_opened' && !machine) send.opens++;
    if (item.type === 'email_clicked') send.clicks++;
  }
  return bySend;
}

/** A send's template by its name, or its id once the template is gone. */
function templateName(item: TimelineItem): string {
  return text(item.templateName) ?? String(item.template ?? '');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A live edit moved the lead onto a new version (docs/live-edits.md): "Moved from v2 · Wait 3 days to v3 · Wait 1 day". */
function movedText(props: Record<string, unknown>): string {
  const side = (version: unknown, title: unknown, node: unknown) => `v${String(version)} · ${typeof title === 'string' ? title : String(node)}`;
  return `Moved from ${side(props.fromVersion, props.fromTitle, props.fromNode)} to ${side(props.toVersion, props.toTitle, props.toNode)}`;
}

/** One timeline item as a line a person reads: "Email Welcome · delivered", "Score 10 → 35 at Add score". */
export function timelineText(item: TimelineItem, sends: ReadonlyMap<string, SendEngagement> = new Map()): string {
  const s = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : '');
  switch (item.kind) {
    case 'event': {
      const send = sends.get(sendIdOf(item) ?? '');
      const url = (item.props as Record<string, unknown> | undefined)?.url;
      if (send && s('type') === 'email_opened') {
        const machine = (item.props as Record<string, unknown> | undefined)?.machine === true;
        return `Opened email ${send.template}${machine ? ' (a mail scanner, not counted)' : ''}`;
      }
      if (send && s('type') === 'email_clicked') return `Clicked ${typeof url === 'string' ? url : 'a link'} in email ${send.template}`;
      if (send && s('type') === 'unsubscribed') return `Unsubscribed from everything, from email ${send.template}`;
      if (s('type') === 'journey_moved') return movedText((item.props ?? {}) as Record<string, unknown>);
      return `Event ${s('type')}`;
    }
    case 'step': {
      // `out` is the one way on from a step with a single path: nothing to tell.
      const handle = s('handle') && s('handle') !== 'out' ? ` (left by ${s('handle')})` : '';
      const reason = reasonOf(item);
      return `Reached step ${stepName(item)}${handle}${reason ? ` · ${reason}` : ''}`;
    }
    case 'send': {
      const engagement = sends.get(s('id'));
      const counts = engagement && (engagement.opens > 0 || engagement.clicks > 0) ? ` · ${plural(engagement.opens, 'open')}, ${plural(engagement.clicks, 'click')}` : '';
      const reason = reasonOf(item);
      return `${channelText(s('channel'))} ${templateName(item)} · ${s('status')}${reason ? `: ${reason}` : ''}${counts}`;
    }
    case 'score':
      return `Score ${String(item.from)} → ${String(item.to)}${s('nodeId') ? ` at ${stepName(item)}` : ''}`;
    case 'note':
      return `Note${s('author') ? ` from ${s('author')}` : ''}: ${s('body')}`;
    case 'answer': {
      const back = s('returnAt') ? ` · back to sales no earlier than ${new Date(s('returnAt')).toLocaleString()}` : '';
      return `Sales ${s('answer')} the handoff at ${stepName(item)}${s('by') ? ` (${s('by')})` : ''}${back}`;
    }
  }
}
