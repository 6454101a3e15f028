import { expect, it } from 'vitest';
import { getCommentThread, listCommentThreads, replyToComment, setThreadResolved, startCommentThread } from './comments.js';
import { createJourney } from './journeys.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('comments', (database) => {
  const draft = { name: 'Reviewed', draft: { schemaVersion: 1, name: 'Reviewed', settings: {}, nodes: [], edges: [] } };

  it('starts threads on a node and on the journey, and lists them oldest first with their replies', async () => {
    const journey = await createJourney(database.db, draft);
    const onNode = await startCommentThread(database.db, { journeyId: journey.id, nodeId: 'wait1', version: 2, author: 'Maya', body: 'Three days is long.' });
    expect(onNode).toEqual({
      id: expect.any(String),
      journeyId: journey.id,
      nodeId: 'wait1',
      version: 2,
      author: 'Maya',
      body: 'Three days is long.',
      createdAt: expect.any(Date),
      resolvedAt: null,
      resolvedBy: null,
      replies: [],
    });
    const whole = await startCommentThread(database.db, { journeyId: journey.id, author: 'Sam', body: 'Looks good overall.' });
    expect(whole).toMatchObject({ nodeId: null, version: null });

    const reply = await replyToComment(database.db, journey.id, onNode.id, { author: 'Lee', body: 'Leads asked for time.' });
    expect(reply).toMatchObject({ threadId: onNode.id, nodeId: 'wait1', version: 2, author: 'Lee', body: 'Leads asked for time.' });
    // A reply to a reply joins the same thread.
    await replyToComment(database.db, journey.id, reply!.id, { author: 'Maya', body: 'Fair.' });

    const threads = await listCommentThreads(database.db, journey.id);
    expect(threads.map((t) => [t.nodeId, t.body, t.replies.map((r) => `${r.author}: ${r.body}`)])).toEqual([
      ['wait1', 'Three days is long.', ['Lee: Leads asked for time.', 'Maya: Fair.']],
      [null, 'Looks good overall.', []],
    ]);
  });

  it('resolves a thread once (keeping who resolved it) and reopens it, from any of its comments', async () => {
    const journey = await createJourney(database.db, draft);
    const thread = await startCommentThread(database.db, { journeyId: journey.id, nodeId: 'send1', author: 'Maya', body: 'Subject line?' });
    const reply = await replyToComment(database.db, journey.id, thread.id, { author: 'Lee', body: 'Changed.' });

    const resolved = await setThreadResolved(database.db, journey.id, reply!.id, { by: 'Maya' });
    expect(resolved).toMatchObject({ id: thread.id, resolvedAt: expect.any(Date), resolvedBy: 'Maya' });
    expect(resolved!.replies).toHaveLength(1);
    const again = await setThreadResolved(database.db, journey.id, thread.id, { by: 'Sam' });
    expect(again).toMatchObject({ resolvedBy: 'Maya', resolvedAt: resolved!.resolvedAt });

    const reopened = await setThreadResolved(database.db, journey.id, thread.id, null);
    expect(reopened).toMatchObject({ resolvedAt: null, resolvedBy: null });
    expect(await getCommentThread(database.db, journey.id, thread.id)).toEqual(reopened);
  });

  it('answers null for a comment of another journey or none at all', async () => {
    const mine = await createJourney(database.db, draft);
    const other = await createJourney(database.db, draft);
    const thread = await startCommentThread(database.db, { journeyId: mine.id, author: 'Maya', body: 'Hi' });
    expect(await replyToComment(database.db, other.id, thread.id, { author: 'x', body: 'y' })).toBeNull();
    expect(await setThreadResolved(database.db, other.id, thread.id, { by: 'x' })).toBeNull();
    expect(await getCommentThread(database.db, mine.id, 'no-such-comment')).toBeNull();
    expect(await listCommentThreads(database.db, other.id)).toEqual([]);
  });
});
