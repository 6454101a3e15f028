import type { Journey } from '@trellis/journey';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NodeReadout } from '../people/NodeReadout.js';
import { renderAs } from '../people/test-render.js';

const journey: Journey = {
  schemaVersion: 1,
  name: 'Onboarding',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'signed_up' } } },
    { id: 'hello', type: 'send', position: { x: 0, y: 100 }, data: { label: 'Welcome email', channel: 'email', template: 'welcome-1' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'hello' }],
} as Journey;

const library = {
  templates: [
    {
      id: 'welcome-1',
      channel: 'email',
      name: 'Welcome',
      subject: 'Welcome, {{ lead.first_name }}',
      body: 'Hi {{ lead.first_name }},\n\nThanks for signing up.',
      html: '<p>Hi {{ lead.first_name }}</p><script>parent.document.title = "ran"</script>',
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-01T09:00:00.000Z',
    },
  ],
};

describe('a send step read in review', () => {
  it('shows the message it sends, subject and body, read-only, its HTML in a sandboxed frame', () => {
    renderAs('reviewer', <NodeReadout journey={journey} node={journey.nodes[1]!} />, [[['library-templates'], library]]);
    expect(screen.getByTestId('glance-subject')).toHaveTextContent('Welcome, {{ lead.first_name }}');
    expect(screen.getByTestId('glance-body').textContent).toBe('Hi {{ lead.first_name }},\n\nThanks for signing up.');
    expect(screen.getByTitle('Email as written')).toHaveAttribute('sandbox', '');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Open in the message editor' })).toBeNull();
  });
});
