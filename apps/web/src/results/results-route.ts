/**
 * The Results tab's address: `#/results/:id` with `?version=n` (otherwise the published one),
 * `from` and `to` as UTC dates (`YYYY-MM-DD`, both days included), so a period can be shared.
 */
export interface ResultsRoute {
  page: 'results';
  id: string;
  version: number | null;
  from: string | null;
  to: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayParam(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  return value && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : null;
}

export function parseResultsRoute(path: string): ResultsRoute | null {
  const [pathname = '', search = ''] = path.split('?');
  const match = /^\/results\/([^/]+)$/.exec(pathname);
  if (!match) return null;
  const query = new URLSearchParams(search);
  const version = query.get('version');
  return {
    page: 'results',
    id: decodeURIComponent(match[1]!),
    version: version && /^[1-9][0-9]*$/.test(version) ? Number(version) : null,
    from: dayParam(query, 'from'),
    to: dayParam(query, 'to'),
  };
}

export function resultsLink(id: string, { version = null, from = null, to = null }: Partial<Omit<ResultsRoute, 'page' | 'id'>> = {}): string {
  const query = new URLSearchParams();
  if (version !== null) query.set('version', String(version));
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const search = query.toString();
  return `#/results/${encodeURIComponent(id)}${search ? `?${search}` : ''}`;
}

/** The report's instants for a period of whole UTC days: `to` is the day after the last one (the API excludes it). */
export function periodInstants(from: string | null, to: string | null): { from: string | null; to: string | null } {
  return {
    from: from ? `${from}T00:00:00.000Z` : null,
    to: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : null,
  };
}

/** The last `days` days up to today (UTC), for the period's quick picks. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}
