import type { CheckedProblem } from '../../api/content.js';

/** The check's problems under the part they are in, with line and column: errors block saving, warnings do not. */
export function PartProblems({ problems, part, label }: { problems: CheckedProblem[]; part: CheckedProblem['part']; label: string }) {
  const mine = problems.filter((p) => p.part === part);
  if (mine.length === 0) return null;
  return (
    <ul className="part-problems" aria-label={`Problems in the ${label}`}>
      {mine.map((p, i) => (
        <li key={i} className={`problem problem--${p.severity}`} role={p.severity === 'error' ? 'alert' : undefined}>
          {p.line !== null ? `Line ${p.line}, column ${p.col}: ` : ''}
          {p.message.replace(/, line:\d+, col:\d+$/, '')}
        </li>
      ))}
    </ul>
  );
}
