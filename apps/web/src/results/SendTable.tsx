import type { Journey } from '@trellis/journey';
import type { JourneyReport } from '../api/report.js';
import { count, percent } from './format.js';
import { sendRows } from './report-csv.js';

/**
 * Per send node: sent, capped, delivered, opened, clicked, unsubscribed and failed, each count
 * with its rate. Capped is a column of its own: with priorities across journeys (settings
 * priority), how often a step lost its turn to a cap is what a marketer tunes by.
 */
export function SendTable({ journey, report }: { journey: Journey; report: Pick<JourneyReport, 'sends'> }) {
  const rows = sendRows(journey, report);
  if (rows.length === 0) return <p className="muted">No sends in this period.</p>;
  return (
    <table className="send-table" aria-label="Sends by step">
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Sent</th>
          <th scope="col" title="Skipped by a frequency cap: the lead had its share, or another journey's send went first">
            Capped
          </th>
          <th scope="col">Delivered</th>
          <th scope="col">Opened</th>
          <th scope="col">Clicked</th>
          <th scope="col">Unsubscribed</th>
          <th scope="col">Failed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ nodeId, title, n }) => (
          <tr key={nodeId} data-testid={`sends-${nodeId}`}>
            <th scope="row">
              {title} <code>{nodeId}</code>
              {n.suppressed > 0 && <div className="muted send-table__skipped">{count(n.suppressed)} suppressed</div>}
            </th>
            <td>{count(n.sent)}</td>
            <td>{count(n.capped)}</td>
            <Cell n={n.delivered} rate={n.rates.delivered} of="of sent" />
            <Cell n={n.opened} rate={n.rates.opened} of="of delivered" />
            <Cell n={n.clicked} rate={n.rates.clicked} of="of delivered" />
            <Cell n={n.unsubscribed} rate={n.rates.unsubscribed} of="of delivered" />
            <Cell n={n.failed} rate={n.rates.failed} of="of attempted" />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cell({ n, rate, of }: { n: number; rate: number; of: string }) {
  return (
    <td title={`${percent(rate)} ${of}`}>
      {count(n)} <span className="muted">{percent(rate)}</span>
    </td>
  );
}
