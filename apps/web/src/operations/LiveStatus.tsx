import './live-view.css';

type Connection = 'connecting' | 'live' | 'reconnecting' | 'refused';

/**
 * One chip for the journey's state and the live counts' connection: "Active · live",
 * "Paused", "Active · reconnecting…". A paused journey's counts do not move, so "live" beside
 * "Paused" said two things at once (issue 18).
 */
export function LiveStatus({ status, live }: { status: string | undefined; live: Connection }) {
  if (!status) return null;
  const name = status[0]!.toUpperCase() + status.slice(1);
  const connection =
    status !== 'active' && status !== 'published'
      ? null
      : live === 'live'
        ? 'live'
        : live === 'refused'
          ? 'counts unavailable'
          : live === 'reconnecting'
            ? 'reconnecting…'
            : 'connecting…';
  return (
    <span className={`live-status live-status--${status}${connection === 'live' ? ' is-live' : ''}`} role="status" data-testid="live-status">
      {connection === 'live' && <span className="live-status__dot" aria-hidden />}
      {name}
      {connection && ` · ${connection}`}
    </span>
  );
}
