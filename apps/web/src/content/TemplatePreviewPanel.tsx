import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { libraryApi, type SampleLead } from '../api/content.js';

const SIGNED_AS: Record<string, string> = {
  owner: "the lead's registered owner",
  step: "the step's own sender",
  default: 'no registered owner for this lead: the default sender',
};

/**
 * A template rendered for a sample lead by the server, as delivery renders it. The HTML part is
 * shown in an iframe sandboxed with no permission at all: a script a template (or a lead's
 * data) carries never runs, and the page cannot reach the app.
 */
export function TemplatePreviewPanel({ id }: { id: string }) {
  const [sample, setSample] = useState({ first_name: 'Ada', company: 'Analytical Engines', stage: 'mql', owner: '' });
  const lead: SampleLead = {
    stage: sample.stage || null,
    owner: sample.owner || null,
    attributes: { first_name: sample.first_name, company: sample.company },
  };
  const preview = useQuery({
    queryKey: ['template-preview', id, lead],
    queryFn: () => libraryApi.preview(id, lead, 'owner'),
    retry: false,
  });
  const field = (key: keyof typeof sample, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input value={sample[key]} onChange={(e) => setSample({ ...sample, [key]: e.target.value })} />
    </label>
  );
  return (
    <section className="library-preview" aria-label="Preview">
      <h3>Preview for a sample lead</h3>
      <div className="token-form">
        {field('first_name', 'First name')}
        {field('company', 'Company')}
        {field('stage', 'Stage')}
        {field('owner', 'Owner email')}
      </div>
      {preview.error && <p className="problem problem--error">{preview.error.message}</p>}
      {preview.data && (
        <>
          {preview.data.sender && (
            <p data-testid="preview-sender">
              A step signing as the lead&apos;s owner sends it from{' '}
              <strong>
                {preview.data.sender.name}
                {preview.data.sender.email ? ` <${preview.data.sender.email}>` : ''}
              </strong>{' '}
              ({SIGNED_AS[preview.data.sender.as]})
            </p>
          )}
          {preview.data.subject !== null && (
            <p>
              <strong>Subject:</strong> <span data-testid="preview-subject">{preview.data.subject}</span>
            </p>
          )}
          {preview.data.missingFields.length > 0 && (
            <p className="problem problem--warning">No value for this lead: {preview.data.missingFields.join(', ')}</p>
          )}
          {preview.data.html !== null ? (
            <iframe title="Rendered message" className="library-preview__frame" sandbox="" srcDoc={preview.data.html} />
          ) : (
            <pre className="library-template__source" data-testid="preview-text">
              {preview.data.text}
            </pre>
          )}
        </>
      )}
    </section>
  );
}
