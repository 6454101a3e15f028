import { beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../model/examples.js';
import { currentJourney, useEditorStore } from './editor-store.js';

const demo = () => structuredClone(EXAMPLES[0]!.journey);
const store = () => useEditorStore.getState();

describe('the editor store', () => {
  beforeEach(() => store().load(demo(), null));

  it('adds a node with default data, selected, under a fresh id', () => {
    const id = store().addNode('wait', { x: 10, y: 20 });
    expect(id).toBe('wait-1');
    const node = store().nodes.find((n) => n.id === 'wait-1')!;
    expect(node).toMatchObject({ type: 'wait', position: { x: 10, y: 20 }, data: { label: 'Wait', for: 'P1D' }, selected: true });
    expect(store().nodes.filter((n) => n.selected).map((n) => n.id)).toStrictEqual(['wait-1']);
  });

  it('undoes and redoes a change, and a new change clears the redo list', () => {
    store().addNode('exit', { x: 0, y: 0 });
    expect(store().nodes).toHaveLength(10);
    store().undo();
    expect(currentJourney()).toStrictEqual(demo());
    store().redo();
    expect(store().nodes.map((n) => n.id)).toContain('exit-1');
    store().undo();
    store().setName('Renamed');
    expect(store().future).toStrictEqual([]);
  });

  it('makes one undo step of a burst of typing into one field', () => {
    store().updateNodeData('welcome', { label: 'W', channel: 'email', template: 'w' }, 'template');
    store().updateNodeData('welcome', { label: 'W', channel: 'email', template: 'we' }, 'template');
    store().updateNodeData('welcome', { label: 'W', channel: 'email', template: 'wel' }, 'template');
    expect(store().past).toHaveLength(1);
    store().undo();
    expect(currentJourney()).toStrictEqual(demo());
  });

  it('gives a handle one edge: connecting from a used handle replaces its edge', () => {
    store().connect({ source: 'hot', sourceHandle: 'hot', target: 'lost', targetHandle: null });
    const fromHot = currentJourney().edges.filter((e) => e.source === 'hot' && e.sourceHandle === 'hot');
    expect(fromHot).toStrictEqual([{ id: 'hot-hot-1', source: 'hot', sourceHandle: 'hot', target: 'lost' }]);
  });

  it('reconnects an edge to another target, keeping its id', () => {
    store().reconnect('e10', { source: 'nurture', sourceHandle: 'out', target: 'lost', targetHandle: null });
    expect(currentJourney().edges.find((e) => e.id === 'e10')).toStrictEqual({ id: 'e10', source: 'nurture', sourceHandle: 'out', target: 'lost' });
  });

  it('deletes the selected nodes with their edges in one undo step', () => {
    store().selectNode('wait1');
    store().deleteSelection();
    const journey = currentJourney();
    expect(journey.nodes.map((n) => n.id)).not.toContain('wait1');
    expect(journey.edges.map((e) => e.id)).toStrictEqual(['e1', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10']);
    store().undo();
    expect(currentJourney()).toStrictEqual(demo());
  });

  it('copies and pastes a selection with fresh ids, offset, keeping the edges inside it', () => {
    useEditorStore.setState({ nodes: store().nodes.map((n) => ({ ...n, selected: n.id === 'nurture' || n.id === 'done' })) });
    store().copySelection();
    store().paste();
    const journey = currentJourney();
    expect(journey.nodes.slice(-2).map((n) => [n.id, n.position])).toStrictEqual([
      ['send-1', { x: 1320, y: 340 }],
      ['exit-1', { x: 1640, y: 340 }],
    ]);
    expect(journey.edges.at(-1)).toStrictEqual({ id: 'send-1-out-1', source: 'send-1', target: 'exit-1' });
    expect(store().nodes.filter((n) => n.selected).map((n) => n.id)).toStrictEqual(['send-1', 'exit-1']);
  });

  it('never pastes a second trigger', () => {
    store().selectNode('trigger');
    store().copySelection();
    store().paste();
    expect(currentJourney().nodes.filter((n) => n.type === 'trigger')).toHaveLength(1);
  });

  it('moves the edges of a renamed branch case along with it', () => {
    store().updateNodeData('hot', { label: 'Is it hot?', cases: [{ handle: 'warm', when: { attr: 'score', op: 'gte', value: 50 } }] }, 'case-handle-0', {
      from: 'hot',
      to: 'warm',
    });
    expect(currentJourney().edges.find((e) => e.id === 'e4')).toStrictEqual({ id: 'e4', source: 'hot', sourceHandle: 'warm', target: 'handoff' });
  });
});

describe('moving nodes', () => {
  beforeEach(() => store().load(demo(), null));

  it('records a drag once, when it begins', () => {
    store().beginDrag();
    store().onNodesChange([{ type: 'position', id: 'done', position: { x: 1, y: 1 }, dragging: true }]);
    store().onNodesChange([{ type: 'position', id: 'done', position: { x: 2, y: 2 }, dragging: false }]);
    expect(store().past).toHaveLength(1);
    store().undo();
    expect(currentJourney()).toStrictEqual(demo());
  });

  it('records a run of arrow-key moves as one step', () => {
    store().onNodesChange([{ type: 'position', id: 'done', position: { x: 1600, y: 305 }, dragging: false }]);
    store().onNodesChange([{ type: 'position', id: 'done', position: { x: 1600, y: 310 }, dragging: false }]);
    expect(store().past).toHaveLength(1);
    expect(store().dirty).toBe(true);
    store().undo();
    expect(currentJourney()).toStrictEqual(demo());
  });
});

describe('adding a connected step', () => {
  beforeEach(() => store().load(demo(), null));

  it('inserts a single-path step between a handle and where it led, in one undo step', () => {
    const id = store().addConnectedNode('wait', { x: 1400, y: 300 }, 'nurture', null);
    const edges = currentJourney().edges;
    expect(edges.filter((e) => e.source === 'nurture' || e.source === id)).toStrictEqual([
      { id: 'nurture-out-1', source: 'nurture', target: 'wait-1' },
      { id: 'wait-1-out-1', source: 'wait-1', target: 'done' },
    ]);
    store().undo();
    expect(currentJourney()).toStrictEqual(demo());
  });

  it('leaves a step with several paths unconnected below, for the marketer to choose', () => {
    store().addConnectedNode('branch', { x: 1400, y: 300 }, 'hot', 'else');
    const edges = currentJourney().edges;
    expect(edges.filter((e) => e.source === 'hot' && e.sourceHandle === 'else')).toStrictEqual([
      { id: 'hot-else-1', source: 'hot', sourceHandle: 'else', target: 'branch-1' },
    ]);
    expect(edges.filter((e) => e.source === 'branch-1')).toStrictEqual([]);
  });
});

describe('unsaved changes (the dirty flag)', () => {
  beforeEach(() => store().load(demo(), 'j-1'));

  it('is clean after loading, and dirty after any change: a step, the name, the settings', () => {
    expect(store().dirty).toBe(false);
    store().addNode('exit', { x: 0, y: 0 });
    expect(store().dirty).toBe(true);
    store().load(demo(), 'j-1');
    store().setName('Renamed');
    expect(store().dirty).toBe(true);
    store().load(demo(), 'j-1');
    store().setSettings({ timezone: 'Europe/Paris' });
    expect(store().dirty).toBe(true);
  });

  it('is clean again when undo comes back to the saved document, and dirty on redo', () => {
    store().updateNodeData('welcome', { label: 'Hello', channel: 'email', template: 'welcome' }, 'label');
    store().undo();
    expect(store().dirty).toBe(false);
    store().redo();
    expect(store().dirty).toBe(true);
  });

  it('is clean after a save of what is on screen; an edit made while the save was on its way stays unsaved', () => {
    store().setName('Renamed');
    const sent = currentJourney();
    store().markSaved('j-1', sent);
    expect(store().dirty).toBe(false);
    store().addNode('exit', { x: 0, y: 0 });
    store().markSaved('j-1', sent);
    expect(store().dirty).toBe(true);
    store().undo();
    expect(store().dirty).toBe(false);
  });

  it('counts another document put on screen as unsaved, and undo as back to the saved one', () => {
    const imported = { ...demo(), name: 'Imported' };
    store().replaceDocument(imported);
    expect(store()).toMatchObject({ name: 'Imported', journeyId: 'j-1', dirty: true });
    store().undo();
    expect(store().dirty).toBe(false);
    expect(currentJourney()).toStrictEqual(demo());
  });
});
