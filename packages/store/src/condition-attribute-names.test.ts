import { expect, it } from 'vitest';
import { conditionAttributeNames } from './condition-attribute-names.js';
import { createJourney } from './journeys.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('condition attribute names', (database) => {
  it('lists the attributes tested by journeys, the scoring model and segments, once each, by name', async () => {
    const branch = { cases: [{ handle: 'a', when: { all: [{ attr: 'buyingStage', op: 'eq', value: 'late' }, { not: { attr: 'role', op: 'eq', value: 'x' } }] } }] };
    await createJourney(database.db, { id: 'can-j', name: 'J', draft: { nodes: [{ id: 'b', type: 'branch', data: branch }], settings: { exitWhen: { attr: 'role', op: 'exists' } } } });
    await database.db.query(`insert into segments (id, name, condition) values ('can-s', 'S', '{"attr":"industry","op":"eq","value":"retail"}')`);
    await database.db.query(
      `insert into scoring_model (id, model, version) values (1, '{"rules":[{"on":{"condition":{"attr":"company.size","op":"gte","value":200}}},{"on":{"event":"x"}}]}', 1)
       on conflict (id) do update set model = excluded.model`,
    );
    const names = await conditionAttributeNames(database.db);
    expect(names.filter((n) => ['buyingStage', 'company.size', 'industry', 'role'].includes(n))).toEqual(['buyingStage', 'company.size', 'industry', 'role']);
    expect(new Set(names).size).toBe(names.length);
  });
});
