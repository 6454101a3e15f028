import { expect, it } from 'vitest';
import { putSnippet } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { checkTemplate, mergeFields } from './template-check.js';

describeEachDatabase('checking a template as it is typed', (database) => {
  // First, while no lead carries an attribute: a fresh install.
  it("knows the person's fields and the attributes conditions test before any lead carries them, and still flags a typo", async () => {
    await database.db.query(`insert into segments (id, name, condition) values ('chk-late', 'Late', '{"attr":"buyingStage","op":"eq","value":"late"}')`);
    const problems = await checkTemplate(database.db, {
      channel: 'email',
      subject: 'Hi {{ lead.first_name | default: "there" }} at {{ lead.company }}',
      body: '{% if lead.buyingStage == "late" %}{{ lead.address }}{% endif %} {{ lead.frist_name }}',
    });
    expect(problems).toEqual([
      { part: 'body', severity: 'warning', message: 'no lead or sender has the field "lead.frist_name": it renders empty', line: null, col: null },
    ]);
  });

  it('names the part, line and column of a syntax error, and stores nothing', async () => {
    const problems = await checkTemplate(database.db, { channel: 'email', subject: 'ok', body: 'Hi\n{{ lead.first_name ', html: null });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ part: 'body', severity: 'error', line: 2, col: 1 });
    expect(problems[0]!.message).toMatch(/line:2, col:1$/);
  });

  it('warns about a field no lead or sender has, and accepts fields seen on leads', async () => {
    await database.db.query(`insert into leads (id, attributes) values ('chk-1', '{"company":"AE","address":{"city":"X"}}')`);
    const problems = await checkTemplate(database.db, {
      channel: 'email',
      subject: '{{ lead.company }} {{ lead.address.city }} {{ sender.signature }} {{ unsubscribe_url }}',
      body: '{{ lead.frist_name | default: "there" }} {% for t in lead.tags %}{{ t }}{% endfor %}',
    });
    expect(problems).toEqual([
      { part: 'body', severity: 'warning', message: 'no lead or sender has the field "lead.frist_name": it renders empty', line: null, col: null },
      { part: 'body', severity: 'warning', message: 'no lead or sender has the field "lead.tags": it renders empty', line: null, col: null },
    ]);
  });

  it('refuses an unknown snippet and a refused file tag as errors, and accepts a saved snippet', async () => {
    await putSnippet(database.db, { name: 'chk-footer', text: 'bye' });
    const problems = await checkTemplate(database.db, { channel: 'sms', body: '{% snippet "chk-footer" %}{% snippet "gone" %}' });
    expect(problems).toEqual([{ part: 'body', severity: 'error', message: 'there is no snippet "gone", line:1, col:27', line: 1, col: 27 }]);
    const include = await checkTemplate(database.db, { channel: 'sms', body: "{% include 'x' %}" });
    expect(include[0]).toMatchObject({ part: 'body', severity: 'error', line: 1, col: 1 });
  });

  it('offers lead fields, attributes seen on leads, sender and journey fields', async () => {
    await database.db.query(`insert into leads (id, attributes) values ('chk-2', '{"first_name":"Ada","stage":"x"}')`);
    const fields = await mergeFields(database.db);
    expect(fields.lead).toContain('lead.stage');
    expect(fields.attributes).toContain('lead.first_name');
    expect(fields.attributes).not.toContain('lead.stage');
    expect(fields.sender).toEqual(['sender.name', 'sender.email', 'sender.phone', 'sender.signature']);
    expect(fields.other).toContain('unsubscribe_url');
  });
});
