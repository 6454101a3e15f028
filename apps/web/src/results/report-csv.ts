import type { Journey } from '@trellis/journey';
import type { JourneyReport } from '../api/report.js';
import { nodeTitle } from './funnel.js';

/** The Results tab's downloads: the daily series and the per send node table, as CSV (RFC 4180). */

function cell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(rows: (string | number)[][]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function seriesCsv(report: Pick<JourneyReport, 'series'>): string {
  return csv([['day', 'entered', 'sent', 'opened', 'clicked', 'goal'], ...report.series.map((d) => [d.day, d.entered, d.sent, d.opened, d.clicked, d.goal])]);
}

/** Rates as fractions (0 to 1), as the API gives them, so a spreadsheet can format them. */
export function sendsCsv(journey: Journey, report: Pick<JourneyReport, 'sends'>): string {
  const header = ['node', 'step', 'sent', 'delivered', 'opened', 'clicked', 'unsubscribed', 'failed', 'suppressed', 'capped', 'delivered_rate', 'opened_rate', 'clicked_rate', 'unsubscribed_rate', 'failed_rate'];
  const rows = sendRows(journey, report).map(({ nodeId, title, n }) => [
    nodeId,
    title,
    n.sent,
    n.delivered,
    n.opened,
    n.clicked,
    n.unsubscribed,
    n.failed,
    n.suppressed,
    n.capped,
    n.rates.delivered,
    n.rates.opened,
    n.rates.clicked,
    n.rates.unsubscribed,
    n.rates.failed,
  ]);
  return csv([header, ...rows]);
}

/** Send nodes in the journey's order (with a version's node the document no longer has last). */
export function sendRows(journey: Journey, report: Pick<JourneyReport, 'sends'>) {
  const known = journey.nodes.filter((n) => n.type === 'send' && report.sends[n.id]);
  const rest = Object.keys(report.sends).filter((id) => !known.some((n) => n.id === id));
  return [
    ...known.map((n) => ({ nodeId: n.id, title: nodeTitle(n), n: report.sends[n.id]! })),
    ...rest.map((id) => ({ nodeId: id, title: id, n: report.sends[id]! })),
  ];
}
