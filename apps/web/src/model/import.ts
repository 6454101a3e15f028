import type { Journey } from '@trellis/journey';

export type ImportResult = { ok: true; journey: Journey } | { ok: false; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an exported journey file. A document with schema problems still opens (the problems
 * list then says what is wrong, node by node); only text that is not a journey at all is refused.
 */
export function parseJourneyFile(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(parsed)) return { ok: false, message: 'The file is not a journey: expected a JSON object.' };
  if (!Array.isArray(parsed.nodes)) return { ok: false, message: 'The file is not a journey: "nodes" must be a list.' };
  if (!Array.isArray(parsed.edges)) return { ok: false, message: 'The file is not a journey: "edges" must be a list.' };
  for (const [index, node] of parsed.nodes.entries()) {
    if (!isRecord(node) || typeof node.id !== 'string' || typeof node.type !== 'string' || !isRecord(node.data)) {
      return { ok: false, message: `nodes[${index}] needs an "id", a "type" and a "data" object.` };
    }
    if (!isRecord(node.position) || typeof node.position.x !== 'number' || typeof node.position.y !== 'number') {
      return { ok: false, message: `nodes[${index}] ("${node.id}") needs a "position" with numbers x and y.` };
    }
  }
  for (const [index, edge] of parsed.edges.entries()) {
    if (!isRecord(edge) || typeof edge.id !== 'string' || typeof edge.source !== 'string' || typeof edge.target !== 'string') {
      return { ok: false, message: `edges[${index}] needs an "id", a "source" and a "target".` };
    }
  }
  return {
    ok: true,
    journey: {
      ...(parsed as unknown as Journey),
      settings: isRecord(parsed.settings) ? (parsed.settings as Journey['settings']) : {},
    },
  };
}

export function downloadJourney(journey: Journey): void {
  const blob = new Blob([`${JSON.stringify(journey, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${journey.name.replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase() || 'journey'}.journey.json`;
  link.click();
  URL.revokeObjectURL(url);
}
