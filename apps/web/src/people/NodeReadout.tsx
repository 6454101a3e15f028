import { handlesOf, type Journey, type JourneyNode } from '@trellis/journey';
import { MessageGlance } from '../content/MessageGlance.js';
import { NODE_TYPE_INFO, stepLabel } from '../model/defaults.js';
import { describeDuration } from '../model/duration.js';
import { assignText, channelText, handleLabel, summarize } from '../model/summary.js';

/** Settings whose values have words of their own: the same words the node's card uses. */
const VALUE_WORDS: Record<string, (value: string) => string> = { assign: assignText, channel: channelText };

/** A value from the document as a salesperson reads it: words, not JSON, where it can be. */
function readable(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' && VALUE_WORDS[key]) return VALUE_WORDS[key](value);
  if (typeof value === 'string' && /^P(?=\d|T\d)/.test(value)) {
    try {
      return describeDuration(value);
    } catch {
      return value;
    }
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(', ');
  return JSON.stringify(value);
}

const KEY_WORDS: Record<string, string> = { sla: 'SLA', on: 'Starts on', for: 'Wait for', assign: 'Assigned', set: 'Sets' };

function words(key: string): string {
  if (KEY_WORDS[key]) return KEY_WORDS[key];
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** A node's settings as text: what it does in one line, where each path leads, then each setting. */
export function NodeReadout({ journey, node }: { journey: Journey; node: JourneyNode }) {
  const info = NODE_TYPE_INFO[node.type];
  const label = stepLabel(node.type, node.data.label) ?? info.title;
  let summary = '';
  let handles: string[] = [];
  try {
    summary = summarize(node);
    handles = handlesOf(node);
  } catch {
    summary = 'Its settings need attention.';
  }
  const targetOf = (handle: string) => {
    const edge = journey.edges.find((e) => e.source === node.id && (e.sourceHandle ?? 'out') === handle);
    const target = edge && journey.nodes.find((n) => n.id === edge.target);
    if (!target) return 'not connected';
    return stepLabel(target.type, target.data.label) ?? target.type;
  };
  const settings = Object.entries(node.data).filter(([key]) => key !== 'label');
  return (
    <section className="readout" aria-label={`${info.title} ${label}`}>
      <div className="readout__type" style={{ color: info.color }}>
        {info.icon} {info.title}
      </div>
      <h2 className="readout__label">{label}</h2>
      <p className="readout__summary">{summary}</p>
      {handles.length > 0 && (
        <>
          <h3 className="readout__heading">Next</h3>
          <ul className="readout__list">
            {handles.map((handle) => (
              <li key={handle}>
                {handle === 'out' ? 'Then' : handleLabel(node, handle)} → <strong>{targetOf(handle)}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
      {node.type === 'send' && node.data.template && (
        <>
          <h3 className="readout__heading">Message</h3>
          <MessageGlance id={node.data.template} full />
        </>
      )}
      <h3 className="readout__heading">Settings</h3>
      <dl className="readout__settings">
        {settings.map(([key, value]) => (
          <div key={key}>
            <dt>{words(key)}</dt>
            <dd>{readable(key, value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
