import { expect, it } from 'vitest';
import { leadAttributeKeys } from './lead-attribute-keys.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('lead attribute keys', (database) => {
  it('lists each attribute name seen on leads once, by name', async () => {
    await database.db.query(
      `insert into leads (id, attributes) values ('keys-1', '{"first_name":"Ada","company":"AE"}'), ('keys-2', '{"company":"X","role":"buyer"}')`,
    );
    const keys = await leadAttributeKeys(database.db);
    expect(keys.filter((k) => ['company', 'first_name', 'role'].includes(k))).toEqual(['company', 'first_name', 'role']);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
