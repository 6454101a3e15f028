import { expect, it } from 'vitest';
import { listSnippets, putSnippet, snippetsByName } from './snippets.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('snippets', (database) => {
  it('creates a snippet, then replaces its text and html, recording who saved it', async () => {
    const first = await putSnippet(database.db, { name: 'footer', text: 'Bye {{ lead.first_name }}' }, 'maya');
    expect(first).toEqual({ name: 'footer', text: 'Bye {{ lead.first_name }}', html: null, updatedAt: expect.any(Date), updatedBy: 'maya' });
    const second = await putSnippet(database.db, { name: 'footer', text: 'Cheers', html: '<p>Cheers</p>' }, 'sam');
    expect(second).toMatchObject({ name: 'footer', text: 'Cheers', html: '<p>Cheers</p>', updatedBy: 'sam' });
    expect((await listSnippets(database.db)).filter((s) => s.name === 'footer')).toHaveLength(1);
  });

  it('maps every snippet by name, in name order', async () => {
    await putSnippet(database.db, { name: 'sig-b', text: 'B' });
    await putSnippet(database.db, { name: 'sig-a', text: 'A' });
    const byName = await snippetsByName(database.db);
    expect(byName.get('sig-a')?.text).toBe('A');
    expect(byName.get('sig-none')).toBeUndefined();
    expect([...byName.keys()].filter((n) => n.startsWith('sig-'))).toEqual(['sig-a', 'sig-b']);
  });
});
