import { validateJourney } from '../src/index.js';

/**
 * `pnpm bench`: validating a generated 500-node journey, as the editor does on every change.
 * Goal on these 2-core machines: under 20 ms.
 */

function generatedJourney(size: number) {
  const nodes: unknown[] = [{ id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'form_submitted' } } }];
  const edges: unknown[] = [];
  let previous = 'trigger';
  let previousHandle = 'out';
  for (let i = 1; nodes.length < size - 1; i++) {
    const kind = i % 4;
    const id = `n${i}`;
    if (kind === 0) {
      nodes.push({ id, type: 'branch', position: { x: 0, y: i * 100 }, data: { cases: [{ handle: 'hot', when: { all: [{ attr: 'score', op: 'gte', value: 50 }, { event: 'email_clicked', within: 'P14D' }] } }] } });
      nodes.push({ id: `${id}-hot`, type: 'exit', position: { x: 300, y: i * 100 }, data: { outcome: 'converted' } });
      edges.push({ id: `e-${id}-hot`, source: id, target: `${id}-hot`, sourceHandle: 'hot' });
    } else if (kind === 1) {
      nodes.push({ id, type: 'wait', position: { x: 0, y: i * 100 }, data: { for: 'P3D' } });
    } else if (kind === 2) {
      nodes.push({ id, type: 'send', position: { x: 0, y: i * 100 }, data: { channel: 'email', template: `t-${i}` } });
    } else {
      nodes.push({ id, type: 'update', position: { x: 0, y: i * 100 }, data: { score: { add: 5 }, set: { stage: 'mql' } } });
    }
    edges.push({ id: `e-${previous}-${id}`, source: previous, target: id, sourceHandle: previousHandle });
    previous = id;
    previousHandle = kind === 0 ? 'else' : 'out';
  }
  nodes.push({ id: 'end', type: 'exit', position: { x: 0, y: 99_999 }, data: { outcome: 'completed' } });
  edges.push({ id: 'e-end', source: previous, target: 'end', sourceHandle: previousHandle });
  return { schemaVersion: 1, name: 'Generated', settings: { timezone: 'Europe/London', quietHours: { from: '21:00', to: '08:00' } }, nodes, edges };
}

const journey = generatedJourney(500);
const warm = validateJourney(journey);
if (warm.some((p) => p.severity === 'error')) throw new Error(`the generated journey is invalid: ${JSON.stringify(warm[0])}`);
for (let i = 0; i < 20; i++) validateJourney(journey);
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const began = performance.now();
  validateJourney(journey);
  times.push(performance.now() - began);
}
times.sort((a, b) => a - b);
console.log(
  `validate a ${journey.nodes.length}-node journey: median ${times[25]!.toFixed(2)} ms, ` +
    `worst ${times.at(-1)!.toFixed(2)} ms over 50 runs (goal < 20 ms)`,
);
