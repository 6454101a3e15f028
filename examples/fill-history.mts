/**
 * Fills a database with four weeks of traffic for the example journey "Incoming lead
 * processing", so its Results tab has funnels, a split result and charts to read. Run it with
 * the server stopped (the embedded database is one process's): `npm run examples:history`
 * (TRELLIS_DATA_DIR, default ./.trellis, or DATABASE_URL; HISTORY_DAYS, HISTORY_LEADS_PER_DAY).
 *
 * Everything goes through the engine and delivery on a virtual clock that starts HISTORY_DAYS
 * ago and ends now: leads arrive (more on weekdays, in working hours), are sent the permission
 * email of their split variant, open it, click "yes" (variant B's story email more often than
 * A's), and some book a demo, the journey's goal in the version this script publishes (the
 * example plus a goal, a 10% holdout and an experiment on the split). Sales answer handoffs
 * within a few hours. Seeded, so two runs on empty databases make the same history.
 */
import { readFile } from 'node:fs/promises';
import { createDelivery } from '../packages/channels/src/index.ts';
import { Engine } from '../packages/engine/src/index.ts';
import { getJourney, openDatabase, publishJourney, saveJourneyDraft } from '../packages/store/src/index.ts';
import { loadExamplesIntoEmptyDatabase } from '../apps/server/src/examples.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DAYS = Number(process.env.HISTORY_DAYS ?? 28);
const PER_DAY = Number(process.env.HISTORY_LEADS_PER_DAY ?? 40);
const JOURNEY = 'incoming-lead-processing';
const examples = new URL('.', import.meta.url);

/** mulberry32: the same history every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = generator(16);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const end = Math.floor(Date.now() / HOUR) * HOUR;
let now = end - DAYS * DAY;

const dataDir = process.env.TRELLIS_DATA_DIR ?? '.trellis';
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
const engine = new Engine(db, { now: () => now });
const delivery = createDelivery({ db, now: () => new Date(now) });

async function prepareJourney(): Promise<void> {
  // An empty database gets the examples, their templates and scoring model as the server's first start does.
  await loadExamplesIntoEmptyDatabase(db, engine, examples.pathname, { publish: true });
  const example = JSON.parse(await readFile(new URL(`${JOURNEY}.json`, examples), 'utf8'));
  // The example with something to measure: booking a demo within 30 days is the goal, a tenth of
  // leads are held out, and the split's two permission emails are an experiment on that goal.
  const document = {
    ...example,
    settings: {
      ...example.settings,
      goal: { event: 'form_submitted', where: { form: { op: 'eq', value: 'demo-request' } }, within: 'P30D' },
      holdout: { percent: 10 },
    },
    nodes: example.nodes.map((node: { id: string; data: object }) =>
      node.id === 'permission-test' ? { ...node, data: { ...node.data, experiment: { metric: 'goal', window: 'P14D', decideAfter: 'P30D' } } } : node,
    ),
  };
  if (!(await getJourney(db, JOURNEY))) throw new Error(`no journey "${JOURNEY}": this database already had journeys, but not the examples`);
  await saveJourneyDraft(db, JOURNEY, { name: example.name, draft: document });
  const version = await publishJourney(db, JOURNEY, document);
  console.log(`published ${JOURNEY} version ${version!.version} (goal: a demo request; 10% holdout; experiment on permission-test)`);
}

/** Things leads do later, in time order. */
const later: { at: number; run: () => Promise<void> }[] = [];
const schedule = (at: number, run: () => Promise<void>) => later.push({ at, run });

let leadCount = 0;
async function arrive(): Promise<void> {
  const id = `history-${++leadCount}`;
  const salesReady = random() < 0.1;
  await engine.putLead(id, {
    email: `${id}@example.com`,
    timezone: pick(['America/Chicago', 'America/New_York', 'Europe/London']),
    attributes: {
      first_name: pick(['Ada', 'Ben', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana']),
      company: { size: salesReady ? 500 : pick([10, 40, 80, 150]) },
      industry: pick(salesReady ? ['software', 'fintech'] : ['software', 'retail', 'education', 'manufacturing']),
      seniority: salesReady ? 'director' : pick(['individual', 'manager']),
    },
  } as Parameters<Engine['putLead']>[1]);
  // Some leads book a demo on their own, emails or not (the holdout shows how many).
  if (random() < 0.03) schedule(now + (1 + random() * 12) * DAY, () => demo(id));
}

async function demo(leadId: string): Promise<void> {
  await engine.ingest([{ id: `demo-${leadId}`, leadId, type: 'form_submitted', props: { form: 'demo-request' }, at: new Date(now).toISOString() }]);
}

// Per template: the share that open it, click "Yes, keep me posted" (and go on to nurture), or
// book a demo within days while the journey still waits for their yes (the goal). Variant B's
// story email converts better than A's plain ask.
const BEHAVIOUR: Record<string, { open: number; yes: number; demo: number }> = {
  'permission-ask': { open: 0.45, yes: 0.1, demo: 0.05 },
  'permission-ask-story': { open: 0.55, yes: 0.15, demo: 0.14 },
  'permission-reminder': { open: 0.35, yes: 0.06, demo: 0.05 },
};

async function react(send: { leadId: string; id: string; nodeId: string; template: string }): Promise<void> {
  const behaviour = BEHAVIOUR[send.template];
  if (!behaviour || random() >= behaviour.open) return;
  const props = { sendId: send.id, journeyId: JOURNEY, nodeId: send.nodeId };
  const openedAt = now + random() * 20 * HOUR;
  schedule(openedAt, async () => {
    await engine.ingest([{ id: `open-${send.id}`, leadId: send.leadId, type: 'email_opened', props, at: new Date(openedAt).toISOString() }]);
  });
  const choice = random() * behaviour.open;
  if (choice < behaviour.yes) {
    const at = openedAt + random() * 2 * HOUR;
    schedule(at, async () => {
      await engine.ingest([{ id: `yes-${send.id}`, leadId: send.leadId, type: 'email_clicked', at: new Date(at).toISOString(), props: { ...props, url: 'https://trellis.example/subscribe/yes' } }]);
    });
  } else if (choice < behaviour.yes + behaviour.demo) {
    schedule(openedAt + (0.2 + random() * 5) * DAY, () => demo(send.leadId));
  }
}

async function answerHandoffs(): Promise<void> {
  const open = await db.query<{ id: string; createdAt: Date }>(
    `select id, created_at as "createdAt" from handoffs where journey_id = $1 and status = 'open'`,
    [JOURNEY],
  );
  for (const handoff of open) {
    if (now - handoff.createdAt.getTime() < 2 * HOUR || random() < 0.3) continue;
    await engine.answerHandoff(handoff.id, pick(['accepted', 'accepted', 'disqualified', 'recycled']), { author: 'ana@example.com' });
  }
}

async function tick(): Promise<void> {
  const hour = new Date(now).getUTCHours();
  const weekday = ![0, 6].includes(new Date(now).getUTCDay());
  const working = hour >= 13 && hour < 23; // 08:00 to 18:00 in Chicago
  const expected = (PER_DAY / 10) * (working ? 1 : 0.08) * (weekday ? 1.15 : 0.4);
  for (let n = Math.floor(expected + random()); n > 0; n--) await arrive();
  later.sort((a, b) => a.at - b.at);
  while (later.length > 0 && later[0]!.at <= now) await later.shift()!.run();
  await engine.worker.drain();
  const delivered = await delivery.deliverDue(1000);
  for (const report of delivered) {
    if (report.outcome !== 'delivered') continue;
    const [send] = await db.query<{ leadId: string; id: string; nodeId: string; template: string }>(
      `select lead_id as "leadId", id, node_id as "nodeId", template from sends where lead_id = $1 and id = $2 and journey_id = $3`,
      [report.leadId, report.sendId, JOURNEY],
    );
    if (send) await react(send);
  }
  await answerHandoffs();
  await engine.worker.drain();
}

try {
  await prepareJourney();
  const started = Date.now();
  for (; now <= end; now += HOUR) {
    await tick();
    if (new Date(now).getUTCHours() === 0) process.stdout.write(`\r${new Date(now).toISOString().slice(0, 10)}: ${leadCount} leads`);
  }
  console.log(`\n${leadCount} leads over ${DAYS} days in ${((Date.now() - started) / 1000).toFixed(0)} s; open Results on "${JOURNEY}"`);
} finally {
  delivery.close();
  await db.close();
}
