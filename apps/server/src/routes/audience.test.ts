import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, uniqueId } from '../testing.js';

describeEachDatabase('leads list, segments and imports', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  let tag: string;
  beforeAll(async () => {
    t = dataTestApp(database.db);
    tag = uniqueId('tag');
    for (const [id, score, stage] of [['l1', 10, 'lead'], ['l2', 60, 'mql'], ['l3', 90, 'sql']] as const) {
      await t.app.request(`/api/leads/${tag}-${id}`, jsonRequest({ email: `${tag}-${id}@example.com`, score, stage, attributes: { tag, name: `Person ${id}` } }, 'ingest', 'PUT'));
    }
  });
  const get = (path: string, role: Parameters<typeof bearer>[0] = 'marketer') => t.app.request(path, { headers: bearer(role) });
  const csv = (body: string, role: Parameters<typeof bearer>[0] = 'marketer', type = 'text/csv') =>
    t.app.request('/api/imports', { method: 'POST', headers: { ...bearer(role), 'Content-Type': type }, body });
  const tagged = encodeURIComponent(JSON.stringify({ attr: 'tag', op: 'eq', value: '' }));

  it('GET /api/leads pages by cursor, sorted by score, filtered by a condition', async () => {
    const condition = encodeURIComponent(JSON.stringify({ attr: 'tag', op: 'eq', value: tag }));
    const first = await json(await get(`/api/leads?sort=score&limit=2&condition=${condition}`, 'sales'));
    expect(first.leads.map((l: { id: string }) => l.id)).toEqual([`${tag}-l3`, `${tag}-l2`]);
    const second = await json(await get(`/api/leads?sort=score&limit=2&condition=${condition}&cursor=${first.nextCursor}`, 'sales'));
    expect(second).toEqual({ leads: [expect.objectContaining({ id: `${tag}-l1`, score: 10, stage: 'lead', lastActivityAt: null })], nextCursor: null });
    const found = await json(await get(`/api/leads?q=${tag.toUpperCase()}-L2`));
    expect(found.leads.map((l: { id: string }) => l.id)).toEqual([`${tag}-l2`]);
  });

  it('GET /api/leads answers 400 naming a bad parameter, and 403 to a role that cannot read leads', async () => {
    const bad = await json(await get('/api/leads?condition=%7B'));
    expect(bad.error).toEqual({ code: 'invalid_query', message: 'The query parameter condition is not valid: it must be a condition written as JSON.' });
    expect((await json(await get('/api/leads?cursor=nope'))).error.message).toBe('The query parameter cursor is not valid: this is not a cursor from a previous page of the leads list.');
    expect((await json(await get('/api/leads?minScore=high'))).error.code).toBe('invalid_query');
    expect((await get(`/api/leads?condition=${tagged}`, 'ingest')).status).toBe(403);
  });

  it('saves a segment with its live count; its leads are the list filtered by it', async () => {
    const created = await t.app.request('/api/segments', jsonRequest({ name: 'Warm', condition: { all: [{ attr: 'tag', op: 'eq', value: tag }, { attr: 'score', op: 'gte', value: 50 }] } }));
    expect(created.status).toBe(201);
    const segment = await json(created);
    expect(segment).toEqual({ id: expect.any(String), name: 'Warm', condition: { all: [{ attr: 'tag', op: 'eq', value: tag }, { attr: 'score', op: 'gte', value: 50 }] }, count: 2, createdAt: expect.any(String) });
    await t.app.request(`/api/leads/${tag}-l1`, jsonRequest({ score: 70 }, 'ingest', 'PUT'));
    expect((await json(await get(`/api/segments/${segment.id}`, 'operator'))).count).toBe(3);
    const listed = await json(await get('/api/segments?limit=500', 'reviewer'));
    expect(listed.segments.find((s: { id: string }) => s.id === segment.id).count).toBe(3);
    const leads = await json(await get(`/api/leads?segment=${segment.id}&sort=score`));
    expect(leads.leads.map((l: { id: string }) => l.id)).toEqual([`${tag}-l3`, `${tag}-l1`, `${tag}-l2`]);
    expect((await get('/api/leads?segment=none')).status).toBe(404);
    const bad = await t.app.request('/api/segments', jsonRequest({ name: 'Bad', condition: { attr: 'x', op: 'like', value: 1 } }));
    expect(bad.status).toBe(400);
    expect((await t.app.request('/api/segments', jsonRequest({ name: 'No', condition: {} }, 'operator'))).status).toBe(403);
  });

  it('imports a CSV: good rows create or update leads (by id, then email in any case), bad rows are listed with column and reason', async () => {
    const body = [
      'id,email,phone,timezone,score,consent.email,industry',
      `${tag}-l2,,+44 20 7946 0958,,,opted_in,retail`,
      `,${tag}-L3@EXAMPLE.COM,,,,,saas`,
      `,${tag}-new@example.com,,Europe/Paris,5,,`,
      `,not-an-email,abc,Mars/Base,,yes,`,
      `${tag}-other,${tag}-l1@example.com,,,,,`,
      `,${tag}-NEW@example.com,,,7,,`,
      '"quoted, with a comma",,,,,,"multi',
      'line"',
    ].join('\r\n');
    const started = await csv(`\uFEFF${body}\r\n`);
    expect(started.status).toBe(202);
    const { id } = await json(started);
    await t.runtime.imports.idle();
    const report = await json(await get(`/api/imports/${id}`, 'operator'));
    expect(report).toEqual({
      id,
      status: 'done',
      rows: 7,
      created: 2,
      updated: 3,
      rejected: [
        {
          row: 4,
          problems: [
            { column: 'email', message: '"not-an-email" is not an email address (name@example.com)' },
            { column: 'phone', message: '"abc" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958' },
            { column: 'timezone', message: 'is not a time zone; use an IANA name such as Europe/London or America/New_York' },
            { column: 'consent.email', message: 'Invalid option: expected one of "opted_in"|"opted_out"|"unknown"' },
          ],
        },
        { row: 5, problems: [{ column: 'email', message: `"${tag}-l1@example.com" is already the email of lead "${tag}-l1" (one email, one lead)` }] },
      ],
      error: null,
      createdAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    await t.engine.worker.drain();
    const l2 = await json(await get(`/api/leads/${tag}-l2`, 'operator'));
    expect([l2.phone, l2.consent, l2.attributes]).toEqual(['+442079460958', { email: 'opted_in' }, { tag, name: 'Person l2', industry: 'retail' }]);
    expect((await json(await get(`/api/leads/${tag}-l3`, 'operator'))).attributes.industry).toBe('saas');
    const made = await json(await get(`/api/leads?q=${tag}-new`));
    expect(made.leads.map((l: { email: string; score: number; timezone: string }) => [l.email, l.score, l.timezone])).toEqual([[`${tag}-NEW@example.com`, 7, 'Europe/Paris']]);
    const quoted = await json(await get(`/api/leads/${encodeURIComponent('quoted, with a comma')}`, 'operator'));
    expect(quoted.attributes.industry).toBe('multi\r\nline');
  });

  it('refuses a file it cannot import before starting, with the reason', async () => {
    const answer = async (res: Response) => [res.status, (await json(res)).error];
    expect(await answer(await csv('id;email\na;a@example.com\n'))).toEqual([400, { code: 'invalid_csv', message: 'The header is one column, "id;email": the file looks separated by ";". Save it as CSV, separated by commas.' }]);
    expect(await answer(await csv('email,name,email\n'))).toEqual([400, { code: 'invalid_csv', message: 'Each column may appear once; repeated: "email".' }]);
    expect(await answer(await csv(''))).toEqual([400, { code: 'invalid_csv', message: 'The body is empty; send the CSV file, its first row the header.' }]);
    expect((await csv('id\n1\n', 'marketer', 'application/json')).status).toBe(415);
    expect((await csv('id\n1\n', 'operator')).status).toBe(403);
    expect((await get('/api/imports/none')).status).toBe(404);
  });

  it('rejects a row it cannot read as CSV and keeps the rows before it', async () => {
    const res = await csv(`id,email\n${tag}-q1,${tag}-q1@example.com\n${tag}-q2,"unclosed\n`);
    const { id } = await json(res);
    await t.runtime.imports.idle();
    const report = await json(await get(`/api/imports/${id}`));
    expect([report.status, report.rows, report.created, report.rejected, report.error]).toEqual([
      'done',
      2,
      1,
      [{ row: 2, problems: [{ column: '', message: 'cannot be read as CSV: Quote Not Closed: the parsing is finished with an opening quote at line 3' }] }],
      null,
    ]);
  });
});
