import { expect, it, vi } from 'vitest';
import { describeEachDatabase, describeEmbedded } from './test-databases.js';

describeEachDatabase('the SQL executor', (database) => {
  it('returns the same JS values for the same SQL on both databases', async () => {
    const rows = await database.db.query(
      `select '2026-03-02T09:00:00Z'::timestamptz as at,
              (select count(*) from (values (1), (2)) v) as counted,
              9007199254740991::int8 as biggest_exact,
              3::int4 as small,
              1.25::numeric as exact,
              2.5::float8 as double,
              '{"a": [1, "x"], "b": null}'::jsonb as doc,
              $1::jsonb as param_object,
              $2::jsonb as param_string,
              $3::timestamptz as param_at,
              null::jsonb as nothing,
              true as flag,
              array['a', 'b'] as tags`,
      [{ nested: { list: [1, 2] } }, 'hello', new Date('2026-01-01T12:30:00Z')],
    );
    expect(rows).toEqual([
      {
        at: new Date('2026-03-02T09:00:00Z'),
        counted: 2,
        biggest_exact: 9007199254740991,
        small: 3,
        exact: 1.25,
        double: 2.5,
        doc: { a: [1, 'x'], b: null },
        param_object: { nested: { list: [1, 2] } },
        param_string: 'hello',
        param_at: new Date('2026-01-01T12:30:00Z'),
        nothing: null,
        flag: true,
        tags: ['a', 'b'],
      },
    ]);
  });

  it('refuses an int8 too large for a JS number instead of rounding it', async () => {
    await expect(database.db.query('select 9007199254740993::int8 as n')).rejects.toThrow(
      'int8 value 9007199254740993 does not fit a JS number exactly',
    );
    // The executor still works afterwards.
    expect(await database.db.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('commits a transaction that resolves and returns its value', async () => {
    await database.db.query('create table committed_things (name text)');
    const value = await database.db.transaction(async (tx) => {
      await tx.query('insert into committed_things values ($1)', ['kept']);
      return ['an', 'array'];
    });
    expect(value).toEqual(['an', 'array']);
    expect(await database.db.query('select name from committed_things')).toEqual([{ name: 'kept' }]);
  });

  it('rolls back a transaction that throws, and rethrows', async () => {
    await database.db.query('create table rolled_back_things (name text)');
    await expect(
      database.db.transaction(async (tx) => {
        await tx.query('insert into rolled_back_things values ($1)', ['lost']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await database.db.query('select name from rolled_back_things')).toEqual([]);
  });

  it('delivers a notification to every listener of its channel, and none after unsubscribing', async () => {
    const heard: string[] = [];
    const unsubscribe = await database.db.listen('trellis_test_channel', (payload) => heard.push(`a:${payload}`));
    const unsubscribeOther = await database.db.listen('trellis_test_channel', (payload) => heard.push(`b:${payload}`));
    await database.db.notify('trellis_test_channel', 'one');
    await waitUntil(() => heard.length === 2);
    expect(heard.sort()).toEqual(['a:one', 'b:one']);
    await unsubscribe();
    await unsubscribeOther();
    await database.db.notify('trellis_test_channel', 'two');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.sort()).toEqual(['a:one', 'b:one']);
  });

  it('keeps delivering to the other listeners when one throws, and reports it in one line', async () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {});
    const heard: string[] = [];
    const unsubscribeThrowing = await database.db.listen('trellis_test_throw', () => {
      throw new Error('listener broke');
    });
    const unsubscribeRejecting = await database.db.listen('trellis_test_throw', async () => {
      throw new Error('async listener broke');
    });
    const unsubscribe = await database.db.listen('trellis_test_throw', (payload) => heard.push(payload));
    try {
      await database.db.notify('trellis_test_throw', 'still heard');
      await waitUntil(() => heard.length === 1 && reported.mock.calls.length === 2);
      expect(heard).toEqual(['still heard']);
      expect(reported.mock.calls.map((call) => call[0]).sort()).toEqual([
        'a listener on trellis_test_throw failed: async listener broke',
        'a listener on trellis_test_throw failed: listener broke',
      ]);
    } finally {
      reported.mockRestore();
      await Promise.all([unsubscribeThrowing(), unsubscribeRejecting(), unsubscribe()]);
    }
  });

  it("delivers a transaction's notification after it commits, and never when it rolls back", async () => {
    const heard: string[] = [];
    const unsubscribe = await database.db.listen('trellis_test_tx', (payload) => heard.push(payload));
    await expect(
      database.db.transaction(async (tx) => {
        await tx.notify('trellis_test_tx', 'rolled back');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await database.db.transaction(async (tx) => {
      await tx.notify('trellis_test_tx', 'committed');
      expect(heard).toEqual([]);
    });
    await waitUntil(() => heard.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual(['committed']);
    await unsubscribe();
  });

  it('keeps concurrent transactions apart: each sees only its own uncommitted writes', async () => {
    await database.db.query('create table counters (name text primary key, value int not null)');
    await database.db.query(`insert into counters values ('c', 0)`);
    // Read-modify-write from 10 transactions at once: on PGlite they must run one after the
    // other; on PostgreSQL the row lock does it. Either way no increment is lost.
    await Promise.all(
      Array.from({ length: 10 }, () =>
        database.db.transaction(async (tx) => {
          const [row] = await tx.query<{ value: number }>(`select value from counters where name = 'c' for update`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          await tx.query(`update counters set value = $1 where name = 'c'`, [row!.value + 1]);
        }),
      ),
    );
    expect(await database.db.query('select value from counters')).toEqual([{ value: 10 }]);
  });

  it('runs a script of several statements inside a transaction', async () => {
    await database.db.transaction((tx) => tx.exec('create table script_a (x int); insert into script_a values (1), (2);'));
    expect(await database.db.query('select count(*) as n from script_a')).toEqual([{ n: 2 }]);
  });
});

describeEmbedded('the embedded executor', (database) => {
  it('refuses a statement on the executor from inside a transaction, which would wait for itself', async () => {
    await expect(database.db.transaction(() => database.db.query('select 1'))).rejects.toThrow(
      "query called inside a transaction: use the transaction's own query",
    );
  });

  it("does not let a single statement run inside another caller's open transaction", async () => {
    await database.db.query('create table isolation_probe (x int)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = database.db
      .transaction(async (tx) => {
        await tx.query('insert into isolation_probe values (1)');
        await held;
        throw new Error('roll it back');
      })
      .catch((error: Error) => error.message);
    // Issued while the transaction is open; it must wait and then see the rolled-back table.
    const outside = database.db.query<{ n: number }>('select count(*) as n from isolation_probe');
    setTimeout(release, 50);
    expect(await transaction).toBe('roll it back');
    expect(await outside).toEqual([{ n: 0 }]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
