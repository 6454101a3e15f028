import type { Journey } from '@trellis/journey';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAs } from '../people/test-render.js';
import { ComparePage } from './ComparePage.js';

const v1: Journey = {
  schemaVersion: 1,
  name: 'Welcome',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Signed up', on: { event: 'form_submitted' } } },
    { id: 'wait', type: 'wait', position: { x: 300, y: 0 }, data: { label: 'Pause', for: 'P3D' } },
    { id: 'old', type: 'exit', position: { x: 600, y: 0 }, data: { label: 'Old end', outcome: 'completed' } },
  ],
  edges: [
    { id: 'a', source: 'start', target: 'wait' },
    { id: 'b', source: 'wait', target: 'old' },
  ],
};
const v2: Journey = {
  ...v1,
  nodes: [
    v1.nodes[0]!,
    { id: 'wait', type: 'wait', position: { x: 300, y: 0 }, data: { label: 'Pause', for: 'P5D' } },
    { id: 'new', type: 'exit', position: { x: 600, y: 0 }, data: { label: 'New end', outcome: 'converted' } },
  ],
  edges: [v1.edges[0]!, { id: 'c', source: 'wait', target: 'new' }],
};

function renderCompare(from: number | null = 1, to: number | null = 2) {
  const versions = [3, 2, 1].map((version) => ({ version, publishedAt: '2026-03-02T09:00:00.000Z' }));
  return renderAs('reviewer', <ComparePage id="j1" from={from} to={to} />, [
    [['journeys', 'j1'], { id: 'j1', journey: v2, status: 'active', publishedVersion: 3 }],
    [['journeys', 'j1', 'versions', 3], { versions }],
    [['journeys', 'j1', 'version', 1], { journeyId: 'j1', version: 1, publishedAt: versions[2]!.publishedAt, journey: v1 }],
    [['journeys', 'j1', 'version', 2], { journeyId: 'j1', version: 2, publishedAt: versions[1]!.publishedAt, journey: v2 }],
  ]);
}

const side = (name: 'before' | 'after') => within(screen.getByTestId(`compare-${name}`));
const nodeOn = (name: 'before' | 'after', id: string) => screen.getByTestId(`compare-${name}`).querySelector(`.react-flow__node[data-id="${id}"]`)!;

describe('ComparePage', () => {
  it('draws both versions on live canvases, each step marked by what happened to it', async () => {
    renderCompare();
    expect(await side('after').findByTestId('node-new')).toBeInTheDocument();
    expect(side('before').getByTestId('mark-before-old')).toHaveTextContent('removed');
    expect(side('before').getByTestId('mark-before-wait')).toHaveTextContent('changed');
    expect(side('after').getByTestId('mark-after-wait')).toHaveTextContent('changed');
    expect(side('after').getByTestId('mark-after-new')).toHaveTextContent('added');
    expect(side('after').queryByTestId('node-old')).toBeNull();
    expect(side('before').queryByTestId('node-new')).toBeNull();
    // An unchanged step has no mark, and is drawn faded rather than outlined.
    expect(side('after').queryByTestId('mark-after-start')).toBeNull();
    expect(nodeOn('after', 'start')).toHaveClass('compare-node--same');
    expect(nodeOn('after', 'new')).toHaveClass('compare-node--added');
    expect(nodeOn('before', 'old')).toHaveClass('compare-node--removed');
    // A changed step says on the canvas what changed in it.
    expect(side('after').getByTestId('node-wait')).toHaveTextContent('for: 3 days → 5 days');
    expect(screen.getByText('Link views').previousSibling).toBeChecked();
    expect(screen.getByRole('region', { name: 'Version 1, older' })).toHaveTextContent('1 step removed · 1 step changed');
    expect(screen.getByRole('region', { name: 'Version 2, newer' })).toHaveTextContent('1 step added · 1 step changed');
  });

  it('lists the changes with the settings that changed; picking one selects its step on both canvases', async () => {
    renderCompare();
    await side('after').findByTestId('node-wait');
    const items = screen.getAllByTestId('change-item');
    expect(items.map((li) => li.querySelector('.change-list__text')!.textContent)).toEqual([
      'Changed wait Pause (wait)',
      'Removed exit Old end (old)',
      'Added exit New end (new)',
      'Removed path Pause → Old end',
      'Added path Pause → New end',
    ]);
    expect(items[0]).toHaveTextContent('for 3 days → 5 days');
    // And as the card's sentences, before and after.
    expect(within(items[0]!).getByRole('list', { name: 'Settings in words' })).toHaveTextContent('was Waits 3 days.now Waits 5 days.');

    fireEvent.click(within(items[0]!).getByRole('button'));
    expect(within(items[0]!).getByRole('button')).toHaveAttribute('aria-pressed', 'true');
    expect(side('before').getByTestId('node-wait')).toHaveClass('is-selected');
    expect(side('after').getByTestId('node-wait')).toHaveClass('is-selected');
    expect(side('after').getByTestId('node-new')).not.toHaveClass('is-selected');
  });

  it('picking a step on a canvas picks its change in the list; the empty canvas clears it', async () => {
    renderCompare();
    fireEvent.click(await side('after').findByTestId('node-new'));
    expect(screen.getAllByTestId('change-item')[2]).toHaveClass('is-picked');
    expect(side('after').getByTestId('node-new')).toHaveClass('is-selected');
    fireEvent.click(screen.getByTestId('compare-before').querySelector('.react-flow__pane')!);
    expect(document.querySelector('.is-picked')).toBeNull();
  });

  it('asks for two different versions rather than comparing one with itself, and the pickers go to a shareable address', async () => {
    renderCompare(2, 2);
    expect(await screen.findByText('Both sides are v2: pick two different versions to compare.')).toBeInTheDocument();
    expect(screen.queryByTestId('compare-before')).toBeNull();
    fireEvent.change(screen.getByLabelText('Older version'), { target: { value: '1' } });
    expect(window.location.hash).toBe('#/review/j1/compare?from=1&to=2');
  });

  it('offers on each side only the versions on that side of the other', async () => {
    renderCompare(1, 2);
    await side('after').findByTestId('node-wait');
    const offered = (label: string) =>
      [...(screen.getByLabelText(label) as HTMLSelectElement).options].map((o) => `${o.textContent}${o.disabled ? ' (off)' : ''}`);
    expect(offered('Older version')).toEqual(['v3 (off)', 'v2 (off)', 'v1']);
    expect(offered('Newer version')).toEqual(['v3', 'v2', 'v1 (off)']);
  });

  it('says so when two versions do the same', async () => {
    const versions = [2, 1].map((version) => ({ version, publishedAt: '2026-03-02T09:00:00.000Z' }));
    renderAs('reviewer', <ComparePage id="j1" from={1} to={2} />, [
      [['journeys', 'j1'], { id: 'j1', journey: v1, status: 'active', publishedVersion: 2 }],
      [['journeys', 'j1', 'versions', 2], { versions }],
      [['journeys', 'j1', 'version', 1], { journeyId: 'j1', version: 1, publishedAt: versions[1]!.publishedAt, journey: v1 }],
      [['journeys', 'j1', 'version', 2], { journeyId: 'j1', version: 2, publishedAt: versions[0]!.publishedAt, journey: structuredClone(v1) }],
    ]);
    expect(await screen.findByText('Nothing: the two versions do the same.')).toBeInTheDocument();
  });
});
