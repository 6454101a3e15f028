import './desk-filters.css';
import type { DeskFilter } from './desk-filter.js';

/** "Mine" and a queue picker above the desk's lists. */
export function DeskFilters({ filter, queues, onChange }: { filter: DeskFilter; queues: readonly string[]; onChange: (next: DeskFilter) => void }) {
  return (
    <div className="desk-filters" role="group" aria-label="Filter the lists">
      <label className="desk-filters__mine">
        <input type="checkbox" checked={filter.mine} onChange={(e) => onChange({ ...filter, mine: e.target.checked })} /> Mine only
      </label>
      <label className="desk-filters__queue">
        <span>Queue</span>
        <select value={filter.queue ?? ''} onChange={(e) => onChange({ ...filter, queue: e.target.value || null })}>
          <option value="">All queues</option>
          {queues.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
