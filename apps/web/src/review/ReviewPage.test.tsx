import type { Journey } from '@trellis/journey';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CommentThread } from '../api/people.js';
import { renderAs } from '../people/test-render.js';
import { ReviewPage } from './ReviewPage.js';

const journey: Journey = {
  schemaVersion: 1,
  name: 'Lead recycling',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Went cold', on: { event: 'went_cold' } } },
    { id: 'mail', type: 'send', position: { x: 300, y: 0 }, data: { label: 'Check in', channel: 'email', template: 'check-in' } },
    { id: 'done', type: 'exit', position: { x: 600, y: 0 }, data: { label: 'Done', outcome: 'recycled' } },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'mail' },
    { id: 'b', source: 'mail', target: 'done' },
  ],
};

function thread(id: string, nodeId: string, resolved: boolean): CommentThread {
  return {
    id,
    author: 'Maya',
    body: 'Is this the right wording?',
    createdAt: '2026-03-02T09:00:00.000Z',
    nodeId,
    version: 2,
    resolved,
    resolvedAt: resolved ? '2026-03-03T09:00:00.000Z' : null,
    resolvedBy: resolved ? 'Sam' : null,
    replies: [],
  };
}

function renderReview(version: number | null, threads: CommentThread[] = [], shown: Journey = journey) {
  const versions = [2, 1].map((v) => ({ version: v, publishedAt: '2026-03-02T09:00:00.000Z' }));
  return renderAs('reviewer', <ReviewPage id="j1" version={version} />, [
    [['journeys', 'j1'], { id: 'j1', journey: shown, status: 'active', publishedVersion: 2 }],
    [['journeys', 'j1', 'versions', 2], { versions }],
    [['journeys', 'j1', 'version', 2], { journeyId: 'j1', version: 2, publishedAt: versions[0]!.publishedAt, journey: shown }],
    [['comments', 'j1'], { threads }],
  ]);
}

describe('ReviewPage', () => {
  it('marks a step whose threads are all resolved, quieter than one with open threads', async () => {
    renderReview(2, [thread('t1', 'mail', false), thread('t2', 'mail', true), thread('t3', 'done', true), thread('t4', 'done', true)]);
    expect(await screen.findByTestId('comment-badge-mail')).toHaveTextContent('1 comment');
    expect(screen.getByTestId('resolved-badge-mail')).toHaveTextContent('✓ 1');
    // Resolved only: no open count, but the step still shows it was discussed.
    expect(screen.queryByTestId('comment-badge-done')).toBeNull();
    expect(screen.getByTestId('resolved-badge-done')).toHaveTextContent('✓ 2');
    expect(screen.getByTestId('resolved-badge-done')).toHaveClass('comment-badge--resolved');
    expect(screen.getByTestId('resolved-badge-done')).toHaveAttribute('title', '2 resolved comment thread(s)');
    expect(screen.queryByTestId('resolved-badge-start')).toBeNull();
  });

  it('says a version does not exist, offers the ones that do, and no controls for it', async () => {
    renderReview(9);
    expect(await screen.findByRole('heading', { name: 'No such version' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('“Lead recycling” has no version 9. Its versions are 1 to 2.');
    expect(screen.getByRole('link', { name: 'Open the latest version, v2' })).toHaveAttribute('href', '#/review/j1?version=2');
    expect(screen.getByRole('link', { name: 'Open the draft' })).toHaveAttribute('href', '#/review/j1');
    expect(screen.getByRole('link', { name: 'Back to the journeys' })).toHaveAttribute('href', '#/');
    expect(screen.queryByText(/Changes since/)).toBeNull();
    expect(screen.queryByRole('group', { name: 'Export' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Share link' })).toBeNull();
  });

  it('shows a version that exists with its controls', async () => {
    renderReview(2);
    expect(await screen.findByText('Changes since v1')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Export' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the journey’s priority in words', async () => {
    renderReview(2, [], { ...journey, settings: { priority: 5 } });
    expect(await screen.findByTestId('review-priority')).toHaveTextContent(
      'Priority 5: when a lead would enter this and another journey on one event, or a frequency cap allows only one of several sends due at once, the journey with the higher priority goes first; equal priorities go by journey id.',
    );
  });

  it('says nothing of a priority the journey has not set', async () => {
    renderReview(2);
    expect(await screen.findByText('Changes since v1')).toBeInTheDocument();
    expect(screen.queryByTestId('review-priority')).toBeNull();
  });
});
