import { handlesOf, type Journey, type JourneyNode } from '@trellis/journey';
import { NODE_TYPE_INFO } from '../model/defaults.js';
import { flowDirectionOf } from '../model/direction.js';
import { fromJourney } from '../model/serialize.js';
import { handleLabel, summarize } from '../model/summary.js';

/**
 * The journey drawn as a standalone SVG document, from the document alone (positions as
 * stored), so an export looks the same whoever makes it and needs no screenshot of the page.
 * Vector text stays legible at any size, which a 100-node journey needs; PNG and print are
 * made from this.
 */

export interface SvgOptions {
  /** Measured sizes from the canvas, when there is one; otherwise estimated from the text. */
  sizes?: Record<string, { width: number; height: number }>;
  /** Extra text under a node's label, e.g. its comment count. */
  notes?: Record<string, string>;
  title?: string;
}

const NODE_WIDTH = 240;
const HEADER = 26;
const LINE = 17;
const PADDING = 40;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Cuts text to about `width` pixels of 12 px sans-serif (SVG has no wrapping). */
function fit(text: string, width: number, charWidth = 6.6): string {
  const max = Math.floor(width / charWidth);
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

interface Box {
  node: JourneyNode;
  x: number;
  y: number;
  width: number;
  height: number;
  handles: string[];
  summary: string;
}

function boxOf(node: JourneyNode, size: { width: number; height: number } | undefined): Box {
  let handles: string[] = [];
  let summary = '';
  try {
    handles = handlesOf(node);
    summary = summarize(node);
  } catch {
    summary = 'Settings need attention';
  }
  const ports = handles.length === 1 && handles[0] === 'out' ? 0 : handles.length;
  const height = size?.height ?? HEADER + 2 * LINE + 14 + ports * LINE;
  return { node, x: node.position.x, y: node.position.y, width: size?.width ?? NODE_WIDTH, height, handles, summary };
}

/** Where an edge leaves its source: beside its handle's row, or the middle of the exit side. */
function exitPoint(box: Box, handle: string | undefined, direction: 'LR' | 'TB'): { x: number; y: number } {
  const index = box.handles.length > 1 || box.handles[0] !== 'out' ? box.handles.indexOf(handle ?? 'out') : -1;
  if (direction === 'TB') {
    const share = index >= 0 ? (index + 0.5) / box.handles.length : 0.5;
    return { x: box.x + box.width * share, y: box.y + box.height };
  }
  if (index < 0) return { x: box.x + box.width, y: box.y + box.height / 2 };
  const portsTop = box.height - box.handles.length * LINE - 6;
  return { x: box.x + box.width, y: box.y + portsTop + index * LINE + LINE / 2 };
}

export function journeySvg(journey: Journey, options: SvgOptions = {}): string {
  const doc = fromJourney(journey);
  const direction = flowDirectionOf(doc.nodes, doc.edges);
  const boxes = new Map(journey.nodes.map((node) => [node.id, boxOf(node, options.sizes?.[node.id])]));
  const all = [...boxes.values()];
  const minX = Math.min(0, ...all.map((b) => b.x)) - PADDING;
  const minY = Math.min(0, ...all.map((b) => b.y)) - PADDING - (options.title ? 30 : 0);
  const maxX = Math.max(0, ...all.map((b) => b.x + b.width)) + PADDING;
  const maxY = Math.max(0, ...all.map((b) => b.y + b.height)) + PADDING;
  const width = Math.ceil(maxX - minX);
  const height = Math.ceil(maxY - minY);

  const edges = journey.edges.map((edge) => {
    const from = boxes.get(edge.source);
    const to = boxes.get(edge.target);
    if (!from || !to) return '';
    const start = exitPoint(from, edge.sourceHandle, direction);
    const end = direction === 'TB' ? { x: to.x + to.width / 2, y: to.y } : { x: to.x, y: to.y + to.height / 2 };
    const bend = direction === 'TB' ? Math.max(30, Math.abs(end.y - start.y) / 2) : Math.max(30, Math.abs(end.x - start.x) / 2);
    const c1 = direction === 'TB' ? `${start.x},${start.y + bend}` : `${start.x + bend},${start.y}`;
    const c2 = direction === 'TB' ? `${end.x},${end.y - bend}` : `${end.x - bend},${end.y}`;
    return `<path class="edge" data-edge="${escapeXml(edge.id)}" d="M${start.x},${start.y} C${c1} ${c2} ${end.x},${end.y}" fill="none" stroke="#94a3b8" stroke-width="1.5" marker-end="url(#arrow)"/>`;
  });

  const nodes = all.map((box) => {
    const info = NODE_TYPE_INFO[box.node.type] ?? { title: box.node.type, color: '#94a3b8', icon: '' };
    const label = typeof box.node.data.label === 'string' && box.node.data.label ? box.node.data.label : info.title;
    const inner = box.width - 20;
    const ports =
      box.handles.length === 1 && box.handles[0] === 'out'
        ? []
        : box.handles.map((handle, i) => {
            const y = box.height - box.handles.length * LINE - 6 + i * LINE + 12;
            return `<text x="${box.width - 10}" y="${y}" text-anchor="end" class="port">${escapeXml(fit(handleLabel(box.node, handle), inner))}</text>`;
          });
    const note = options.notes?.[box.node.id];
    return [
      `<g class="node" data-node="${escapeXml(box.node.id)}" transform="translate(${box.x},${box.y})">`,
      `<rect width="${box.width}" height="${box.height}" rx="8" fill="#ffffff" stroke="#cbd5e1" stroke-width="1"/>`,
      `<rect width="${box.width}" height="4" rx="2" fill="${info.color}"/>`,
      `<text x="10" y="20" class="type" fill="${info.color}">${escapeXml(`${info.icon} ${info.title}`)}</text>`,
      note ? `<text x="${box.width - 10}" y="20" text-anchor="end" class="note">${escapeXml(note)}</text>` : '',
      `<text x="10" y="${HEADER + 14}" class="label">${escapeXml(fit(label, inner, 7.6))}</text>`,
      `<text x="10" y="${HEADER + 14 + LINE}" class="summary">${escapeXml(fit(box.summary, inner))}</text>`,
      ...ports,
      `</g>`,
    ].join('');
  });

  const title = options.title
    ? `<text x="${minX + PADDING}" y="${minY + 26}" class="title">${escapeXml(options.title)}</text>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<style>.type{font-size:11px;font-weight:600}.label{font-size:13px;font-weight:600;fill:#0f172a}.summary{font-size:12px;fill:#475569}.port{font-size:11px;fill:#334155}.note{font-size:11px;fill:#2563eb;font-weight:600}.title{font-size:18px;font-weight:700;fill:#0f172a}</style>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#94a3b8"/></marker></defs>`,
    `<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="#ffffff"/>`,
    title,
    ...edges,
    ...nodes,
    `</svg>`,
  ].join('\n');
}
