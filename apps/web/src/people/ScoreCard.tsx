import { useQuery } from '@tanstack/react-query';
import { scoringApi, type ScoreCardData } from '../api/scoring.js';
import '../audience/scoring.css';
import { can } from './roles.js';
import { peopleLinks } from './routes.js';
import { shortTime } from './timeline-text.js';
import { useMe } from './use-me.js';

/**
 * Why a lead's score is what it is: fit against behaviour, and each change with its rule, the
 * event that made it and when, newest first; then the saved segments the lead is in now.
 * `labels` names rules as the model does (rule id → label), when the reader may read the model.
 */
export function ScoreCard({ leadId }: { leadId: string }) {
  const score = useQuery({ queryKey: ['lead', leadId, 'score'], queryFn: () => scoringApi.leadScore(leadId) });
  const segments = useQuery({ queryKey: ['lead', leadId, 'segments'], queryFn: () => scoringApi.leadSegments(leadId) });
  // Sales read a lead's score but not the model: the card names rules by id for them rather than ask what is refused.
  const mayReadModel = can(useMe().data?.role, 'readScoring');
  const model = useQuery({ queryKey: ['scoring'], queryFn: scoringApi.model, retry: false, enabled: mayReadModel });
  const labels = new Map((model.data?.rules ?? []).map((rule) => [rule.id, rule.label ?? rule.id]));
  return (
    <section className="score-card" aria-label="Score card">
      {score.error && <p className="problem problem--error">{score.error.message}</p>}
      {score.data && <ScoreBreakdown card={score.data} labels={labels} />}
      <h4 className="readout__heading">Segments</h4>
      {segments.data?.segments.length === 0 && <p className="muted">In no saved segment.</p>}
      <ul className="lead-segments" aria-label="Segments of the lead">
        {segments.data?.segments.map((segment) => (
          <li key={segment.id}>
            <a href={peopleLinks.leads(segment.id)}>{segment.name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ScoreBreakdown({ card, labels }: { card: ScoreCardData; labels: ReadonlyMap<string, string> }) {
  const positive = Math.max(0, card.fit) + Math.max(0, card.behaviour);
  const share = (n: number) => (positive === 0 ? 0 : (Math.max(0, n) / positive) * 100);
  return (
    <>
      <div className="score-card__parts">
        <span>
          Score <strong data-testid="score-total">{format(card.score)}</strong>
        </span>
        <span>
          Fit <strong data-testid="score-fit">{format(card.fit)}</strong>
        </span>
        <span>
          Behaviour <strong data-testid="score-behaviour">{format(card.behaviour)}</strong>
        </span>
      </div>
      <div className="score-card__split" aria-hidden>
        <div className="score-card__fit" style={{ width: `${share(card.fit)}%` }} />
        <div className="score-card__behaviour" style={{ width: `${share(card.behaviour)}%` }} />
      </div>
      {card.history.length === 0 ? (
        <p className="muted">No point scored yet.</p>
      ) : (
        <ol className="score-card__history" aria-label="Score changes">
          {card.history.map((item, i) => (
            <li key={i}>
              <span className={`score-card__points${item.points < 0 ? ' score-card__points--minus' : ''}`}>{signed(item.points)}</span>
              <span>
                {item.ruleId ? <strong>{labels.get(item.ruleId) ?? item.ruleId}</strong> : <strong>{item.reason}</strong>}
                {item.ruleId && reasonBeside(item.reason, labels.get(item.ruleId) ?? item.ruleId) && (
                  <span className="muted"> · {reasonBeside(item.reason, labels.get(item.ruleId) ?? item.ruleId)}</span>
                )}
                {item.eventType && <span className="muted"> · {item.eventType}</span>}
              </span>
              <time dateTime={item.at}>{shortTime(item.at)}</time>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** The reason without the rule's name the line already shows: "fits", "(capped at 30 per P7D)". */
function reasonBeside(reason: string, name: string): string {
  return reason.replace(`: ${name}`, '').replace(name, '').trim();
}

function format(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function signed(n: number): string {
  return n > 0 ? `+${format(n)}` : format(n);
}
