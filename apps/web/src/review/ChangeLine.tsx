import type { Change } from './compare.js';

/**
 * One change between two versions, as the compare view and the publish dialog show it: its mark,
 * its line, and each setting that changed (before → after). With `onPick`, a change about a step
 * is a button that brings it into view.
 */
export function ChangeLine({ change, picked = false, onPick }: { change: Change; picked?: boolean; onPick?: () => void }) {
  const content = (
    <>
      <span className={`change-mark change-mark--${change.mark}`}>{change.mark}</span>
      <span className="change-list__text">{change.text}</span>
    </>
  );
  return (
    <>
      {change.nodeId && onPick ? (
        <button type="button" className="change-list__pick" aria-pressed={picked} onClick={onPick}>
          {content}
        </button>
      ) : (
        <div className="change-list__pick">{content}</div>
      )}
      {change.fields.length > 0 && (
        <ul className="change-list__fields">
          {change.fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>{' '}
              {f.before === null ? (
                <>
                  set to <ins>{f.after}</ins>
                </>
              ) : f.after === null ? (
                <>
                  removed, was <del>{f.before}</del>
                </>
              ) : (
                <>
                  <del>{f.before}</del> → <ins>{f.after}</ins>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

