import { useQuery } from '@tanstack/react-query';
import { libraryApi } from '../api/content.js';
import { peopleLinks } from '../people/routes.js';

/** The stored templates, as the message library reads them (subject and bodies included). */
function useLibraryTemplates() {
  return useQuery({ queryKey: ['library-templates'], queryFn: libraryApi.templates, retry: false, staleTime: 30_000 });
}

function firstLines(text: string, lines: number): string {
  const kept = text.split('\n').filter((l) => l.trim() !== '').slice(0, lines).join('\n');
  return kept.length > 240 ? `${kept.slice(0, 240)}…` : kept;
}

/**
 * What a send step sends, at a glance: the template's subject and first lines, for the
 * inspector (`full` false) with a link into the editor; or, for review (`full`), the whole text
 * part and the email's HTML as written, in a frame sandboxed with no permission. Nothing shows
 * for a role that may not read templates or a template that is not stored.
 */
export function MessageGlance({ id, full = false, editable = false }: { id: string; full?: boolean; editable?: boolean }) {
  const templates = useLibraryTemplates();
  const template = templates.data?.templates.find((t) => t.id === id);
  if (!template) return null;
  return (
    <div className="message-glance" data-testid="message-glance">
      {template.subject !== null && (
        <p>
          <strong>{template.channel === 'email' ? 'Subject' : 'Title'}:</strong> <span data-testid="glance-subject">{template.subject}</span>
        </p>
      )}
      {full ? (
        <>
          <pre className="library-template__source" data-testid="glance-body">
            {template.body}
          </pre>
          {template.html !== null && <iframe title="Email as written" className="library-preview__frame" sandbox="" srcDoc={template.html} />}
        </>
      ) : (
        <pre className="library-template__source message-glance__lines">{firstLines(template.body, 3)}</pre>
      )}
      {editable && (
        <a href={peopleLinks.editMessage(template.id)} target="_blank" rel="noopener">
          Open in the message editor
        </a>
      )}
    </div>
  );
}
