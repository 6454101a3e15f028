/**
 * The durability suites' journey: a sign-up gets an email, waits, gets a second one and exits
 * `done`. Two emails a lead make a lost or doubled send countable; the wait makes leads rest
 * across a kill.
 */
export function twoEmailsJourney({ name, wait, first, second }: { name: string; wait: string; first: string; second: string }) {
  return {
    schemaVersion: 1,
    name,
    settings: {},
    nodes: [
      { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'signup' } } },
      { id: 'welcome', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template: first } },
      { id: 'w', type: 'wait', position: { x: 0, y: 200 }, data: { for: wait } },
      { id: 'follow', type: 'send', position: { x: 0, y: 300 }, data: { channel: 'email', template: second } },
      { id: 'x', type: 'exit', position: { x: 0, y: 400 }, data: { outcome: 'done' } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'welcome' },
      { id: 'e2', source: 'welcome', target: 'w' },
      { id: 'e3', source: 'w', target: 'follow' },
      { id: 'e4', source: 'follow', target: 'x' },
    ],
  };
}
