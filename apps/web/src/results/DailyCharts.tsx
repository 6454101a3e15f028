import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesDay } from '../api/report.js';
import { count } from './format.js';
import { everyDay, shortDay } from './series-days.js';

/**
 * The daily series as two charts (Recharts: SVG React components, a tooltip with each day's
 * numbers on hover): leads (entered, reached the goal) and messages (sent, opened, clicked).
 * Under them the same numbers as a table, for reading exactly and for screen readers.
 */

const COLORS = { entered: '#6366f1', goal: '#16a34a', sent: '#0891b2', opened: '#d97706', clicked: '#db2777' };
// jsdom and the first paint have no layout: charts start at this size until measured.
const INITIAL = { width: 560, height: 240 };

export function DailyCharts({ series }: { series: readonly SeriesDay[] }) {
  const days = everyDay(series);
  if (days.length === 0) return <p className="muted">No leads entered in this period.</p>;
  const total = (key: keyof Omit<SeriesDay, 'day'>) => count(days.reduce((sum, d) => sum + d[key], 0));
  return (
    <div className="daily-charts">
      <figure className="chart" aria-label="Leads per day" data-testid="chart-leads">
        <figcaption>
          Leads per day <span className="muted">· {total('entered')} entered · {total('goal')} reached the goal</span>
        </figcaption>
        <ResponsiveContainer width="100%" height={INITIAL.height} initialDimension={INITIAL}>
          <ComposedChart data={days} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#eef2f7" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11 }} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(value) => count(Number(value))} />
            <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            <Bar dataKey="entered" name="Entered" fill={COLORS.entered} radius={[3, 3, 0, 0]} maxBarSize={48} isAnimationActive={false} />
            <Line dataKey="goal" name="Reached goal" stroke={COLORS.goal} strokeWidth={2} dot={{ r: 2 }} type="monotone" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label="Messages per day" data-testid="chart-messages">
        <figcaption>
          Messages per day <span className="muted">· {total('sent')} sent · {total('opened')} opened · {total('clicked')} clicked</span>
        </figcaption>
        <ResponsiveContainer width="100%" height={INITIAL.height} initialDimension={INITIAL}>
          <LineChart data={days} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#eef2f7" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11 }} minTickGap={16} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(day) => shortDay(String(day))} formatter={(value) => count(Number(value))} />
            <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            <Line dataKey="sent" name="Sent" stroke={COLORS.sent} strokeWidth={2} dot={{ r: 2 }} type="monotone" isAnimationActive={false} />
            <Line dataKey="opened" name="Opened" stroke={COLORS.opened} strokeWidth={2} dot={{ r: 2 }} type="monotone" isAnimationActive={false} />
            <Line dataKey="clicked" name="Clicked" stroke={COLORS.clicked} strokeWidth={2} dot={{ r: 2 }} type="monotone" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <details className="chart-numbers">
        <summary>Numbers by day</summary>
        <table aria-label="Numbers by day">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Entered</th>
              <th scope="col">Sent</th>
              <th scope="col">Opened</th>
              <th scope="col">Clicked</th>
              <th scope="col">Goal</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{count(d.entered)}</td>
                <td>{count(d.sent)}</td>
                <td>{count(d.opened)}</td>
                <td>{count(d.clicked)}</td>
                <td>{count(d.goal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
