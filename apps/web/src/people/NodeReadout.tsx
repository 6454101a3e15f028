import { handlesOf, savedSegmentOf, type Journey, type JourneyNode } from '@trellis/journey';
import { MessageGlance } from '../content/MessageGlance.js';
import { NODE_TYPE_INFO, stepLabel } from '../model/defaults.js';
import { settingSentences } from '../model/setting-sentences.js';
import { handleLabel, summarize } from '../model/summary.js';
import { useSavedSegments } from '../audience/use-saved-segments.js';

/** A node's settings as text: what it does in one line, where each path leads, then each setting. */
export function NodeReadout({ journey, node }: { journey: Journey; node: JourneyNode }) {
  const info = NODE_TYPE_INFO[node.type];
  const label = stepLabel(node.type, node.data.label) ?? info.title;
  const segments = useSavedSegments(savedSegmentOf({ nodes: [node] }) !== null);
  let summary = '';
  let handles: string[] = [];
  try {
    summary = summarize(node, segments);
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
      {/* Sentences in the card's words, never the document's JSON (issue 18). */}
      <ul className="readout__list readout__sentences" aria-label="Settings">
        {settingSentences(node, segments).map((sentence, i) => (
          <li key={i}>{sentence}</li>
        ))}
      </ul>
    </section>
  );
}
