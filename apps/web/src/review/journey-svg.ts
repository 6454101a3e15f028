import { handlesOf, type Journey, type JourneyNode, type NodeType } from '@trellis/journey';
import { NODE_TYPE_INFO, stepLabel, typeTitle } from '../model/defaults.js';
import { flowDirectionOf } from '../model/direction.js';
import { fromJourney } from '../model/serialize.js';
import { handleLabel, summarize } from '../model/summary.js';
import { touchLine } from '../model/cadence-text.js';

/**
 * The journey drawn as a standalone SVG document, from the document alone (positions as
 * stored), so an export looks the same whoever makes it and needs no screenshot of the page.
 * Vector text stays legible at any size, which a 100-node journey needs; PNG and print are
 * made from this. Nothing is cut short: an export is a record, so long text wraps onto more
 * lines and the node grows to hold them.
 */

export interface SvgOptions {
  /** Measured sizes from the canvas, when there is one; otherwise estimated from the text. */
  sizes?: Record<string, { width: number; height: number }>;
  /** Extra text beside a node's type, e.g. its comment count. */
  notes?: Record<string, string>;
  title?: string;
}

/** A rectangle in the drawing's own units (the canvas's pixels). */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface JourneyDrawing {
  /** The whole standalone SVG document. */
  svg: string;
  /** What is inside the `<svg>` element, to frame again with another viewBox (print pages). */
  content: string;
  /** The area the drawing covers, margins and title included: the document's viewBox. */
  frame: Area;
  /** Where each step is drawn, so the print pages can be cut between steps rather than through them. */
  boxes: Array<Area & { id: string }>;
}

const NODE_WIDTH = 240;
const HEADER = 26;
const LINE = 17;
const PORT_LINE = 14;
const PADDING = 40;
/** Edges leave and enter a node this far straight before turning, like the canvas's smoothstep edges. */
const EDGE_OFFSET = 20;
const EDGE_RADIUS = 6;
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', sans-serif";
/** Every text size in the drawing, in its units; print checks the smallest stays legible. */
export const TEXT_SIZES = { type: 11, label: 13, summary: 12, port: 11, note: 11, title: 18 } as const;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * About how wide `text` is at `size` px of a sans-serif, erring wide: SVG cannot wrap by itself,
 * and the fonts of whoever opens the file are unknown, so a line is broken before it could overflow.
 */
export function textWidth(text: string, size: number, bold = false): number {
  let ems = 0;
  for (const c of text) {
    if (c === ' ') ems += 0.3;
    else if (/[ilj.,:;!|'`]/.test(c)) ems += 0.3;
    else if (/[frt()[\]{}\-/]/.test(c)) ems += 0.4;
    else if (/[mwMW@%]/.test(c)) ems += 0.92;
    else if (/[A-Z]/.test(c)) ems += 0.72;
    else if (/[a-z0-9]/.test(c)) ems += 0.6;
    else if (c.codePointAt(0)! > 0x2e80) ems += 1.05;
    else ems += 0.62;
  }
  return ems * size * (bold ? 1.08 : 1);
}

/** `text` broken into lines no wider than `width`: between words, and inside a word only when it is longer than a line. */
export function wrapText(text: string, width: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    while (measure(word) > width) {
      const chars = Array.from(word);
      let fits = 1;
      while (fits < chars.length && measure(chars.slice(0, fits + 1).join('')) <= width) fits += 1;
      lines.push(chars.slice(0, fits).join(''));
      word = chars.slice(fits).join('');
    }
    line = word;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

interface Port {
  handle: string;
  lines: string[];
  /** From the node's top. */
  top: number;
  height: number;
}

interface Box extends Area {
  node: JourneyNode;
  handles: string[];
  label: string[];
  summary: string[];
  ports: Port[];
}

/** How the header of a step reads; a type this editor does not know is drawn as a plain grey box named by its type. */
function typeInfoOf(type: unknown): { title: string; color: string; icon: string } {
  return typeTitle(type) !== null ? NODE_TYPE_INFO[type as NodeType] : { title: String(type), color: '#94a3b8', icon: '?' };
}

function boxOf(node: JourneyNode, size: { width: number; height: number } | undefined): Box {
  let handles: string[] = [];
  let summary = '';
  // A draft may hold anything (a type from a newer version, a typo): such a step is a labelled
  // box with no paths of its own, its edges leaving from the middle of its side.
  if (typeTitle(node.type) === null) {
    summary = 'Unknown step type';
  } else {
    try {
      handles = handlesOf(node);
      summary = summarize(node);
    } catch {
      summary = 'Settings need attention';
    }
  }
  const width = size?.width ?? NODE_WIDTH;
  const inner = width - 20;
  const labelText = stepLabel(node.type, (node.data as { label?: unknown } | undefined)?.label) ?? String(node.type);
  const label = wrapText(labelText, inner, (t) => textWidth(t, TEXT_SIZES.label, true));
  const summaryLines = wrapText(summary, inner, (t) => textWidth(t, TEXT_SIZES.summary));
  const labelled = handles.length === 1 && handles[0] === 'out' ? [] : handles;
  const portLines = labelled.map((handle) => wrapText(handleLabel(node, handle), inner - 6, (t) => textWidth(t, TEXT_SIZES.port)));
  const portsHeight = portLines.reduce((sum, lines) => sum + LINE + (lines.length - 1) * PORT_LINE, 0);
  const textHeight = HEADER + (label.length + summaryLines.length) * LINE + 14;
  // The canvas's measured height when it is taller keeps the drawing spaced like the canvas;
  // the wrapped text's when it is taller keeps every word.
  const height = Math.max(size?.height ?? 0, textHeight + portsHeight);
  // Paths are listed at the bottom of the node, as on the canvas.
  let top = height - portsHeight - 6;
  const ports = labelled.map((handle, i) => {
    const rowHeight = LINE + (portLines[i]!.length - 1) * PORT_LINE;
    const port = { handle, lines: portLines[i]!, top, height: rowHeight };
    top += rowHeight;
    return port;
  });
  return { node, x: node.position.x, y: node.position.y, width, height, handles, label, summary: summaryLines, ports };
}

type Point = { x: number; y: number };

/** Where an edge leaves its source: beside its handle's row, or the middle of the exit side. */
function exitPoint(box: Box, handle: string | undefined, direction: 'LR' | 'TB'): Point {
  const index = box.ports.findIndex((p) => p.handle === (handle ?? 'out'));
  if (direction === 'TB') {
    const share = index >= 0 ? (index + 0.5) / box.ports.length : 0.5;
    return { x: box.x + box.width * share, y: box.y + box.height };
  }
  if (index < 0) return { x: box.x + box.width, y: box.y + box.height / 2 };
  const port = box.ports[index]!;
  return { x: box.x + box.width, y: box.y + port.top + port.height / 2 };
}

/**
 * The corners an edge turns at, at right angles as the canvas draws them: out of the source,
 * across halfway, into the target; an edge going back loops around, below (or beside) both nodes
 * when they share a row.
 */
export function stepPoints(start: Point, end: Point, from: Area, to: Area, direction: 'LR' | 'TB'): Point[] {
  // Worked out left to right: `along` is the flow's axis, `across` the other; top to bottom swaps them.
  const along = (p: Point) => (direction === 'LR' ? p.x : p.y);
  const across = (p: Point) => (direction === 'LR' ? p.y : p.x);
  const at = (a: number, c: number): Point => (direction === 'LR' ? { x: a, y: c } : { x: c, y: a });
  const [s, e] = [along(start), along(end)];
  const [sc, ec] = [across(start), across(end)];
  if (e - s >= 2 * EDGE_OFFSET) {
    const middle = (s + e) / 2;
    return [start, at(middle, sc), at(middle, ec), end];
  }
  const low = (b: Area) => (direction === 'LR' ? b.y : b.x);
  const high = (b: Area) => (direction === 'LR' ? b.y + b.height : b.x + b.width);
  const apart = high(from) < low(to) || high(to) < low(from);
  const turn = apart ? (Math.min(high(from), high(to)) + Math.max(low(from), low(to))) / 2 : Math.max(high(from), high(to)) + EDGE_OFFSET;
  return [start, at(s + EDGE_OFFSET, sc), at(s + EDGE_OFFSET, turn), at(e - EDGE_OFFSET, turn), at(e - EDGE_OFFSET, ec), end];
}

/** An SVG path through `points`, its corners rounded. */
export function roundedPath(points: Point[], radius = EDGE_RADIUS): string {
  // Corners that do not turn (a straight run, a repeated point) would draw a kink: dropped.
  const kept = points.filter((p, i) => {
    if (i === 0 || i === points.length - 1) return true;
    const [a, b] = [points[i - 1]!, points[i + 1]!];
    return (a.x - p.x) * (b.y - p.y) - (a.y - p.y) * (b.x - p.x) !== 0;
  });
  const round = (n: number) => Math.round(n * 10) / 10;
  let d = `M${round(kept[0]!.x)},${round(kept[0]!.y)}`;
  for (let i = 1; i < kept.length; i += 1) {
    const p = kept[i]!;
    const next = kept[i + 1];
    if (!next) {
      d += ` L${round(p.x)},${round(p.y)}`;
      break;
    }
    const prev = kept[i - 1]!;
    const r = Math.min(radius, Math.hypot(p.x - prev.x, p.y - prev.y) / 2, Math.hypot(next.x - p.x, next.y - p.y) / 2);
    const towards = (a: Point, b: Point, by: number): Point => {
      const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      return { x: a.x + ((b.x - a.x) / length) * by, y: a.y + ((b.y - a.y) / length) * by };
    };
    const before = towards(p, prev, r);
    const after = towards(p, next, r);
    d += ` L${round(before.x)},${round(before.y)} Q${round(p.x)},${round(p.y)} ${round(after.x)},${round(after.y)}`;
  }
  return d;
}

function lines(texts: string[], x: number, firstBaseline: number, step: number, attributes: string): string {
  return texts.map((text, i) => `<text x="${x}" y="${firstBaseline + i * step}" ${attributes}>${escapeXml(text)}</text>`).join('');
}

const TOUCH_TABLE_WIDTH = 440;

interface TouchTable extends Area {
  nodeId: string;
  title: string[];
  lines: string[][];
}

/**
 * A cadence's card says "26 touches over 14 days"; a record of the journey has to say each touch.
 * So every cadence's touches are listed under the drawing, a table each, side by side, in the
 * words the review panel uses ("Day 0, 0:00 · Call task · speed-call-1 · due in 5 minutes").
 */
function touchTables(journey: Journey, left: number, top: number): TouchTable[] {
  const inner = TOUCH_TABLE_WIDTH - 20;
  let x = left;
  const tables: TouchTable[] = [];
  for (const node of journey.nodes) {
    if (node.type !== 'cadence' || !Array.isArray(node.data?.touches)) continue;
    const name = stepLabel(node.type, node.data.label) ?? 'Cadence';
    const title = wrapText(`${name}: its ${node.data.touches.length} touches`, inner, (t) => textWidth(t, TEXT_SIZES.label, true));
    const lines = node.data.touches.map((touch, i) => wrapText(`${i + 1}. ${touchLine(touch)}`, inner, (t) => textWidth(t, TEXT_SIZES.summary)));
    const height = 16 + title.length * LINE + lines.reduce((sum, l) => sum + l.length * LINE, 0) + 8;
    tables.push({ nodeId: node.id, x, y: top, width: TOUCH_TABLE_WIDTH, height, title, lines });
    x += TOUCH_TABLE_WIDTH + 24;
  }
  return tables;
}

function drawTouchTable(table: TouchTable): string {
  let y = 16 + TEXT_SIZES.label;
  const parts = [
    `<g class="touch-table" data-cadence="${escapeXml(table.nodeId)}" transform="translate(${table.x},${table.y})">`,
    `<rect width="${table.width}" height="${table.height}" rx="8" fill="#f8fafc" stroke="#cbd5e1" stroke-width="1"/>`,
    lines(table.title, 10, y, LINE, 'class="label"'),
  ];
  y += table.title.length * LINE;
  for (const touch of table.lines) {
    parts.push(lines(touch, 10, y, LINE, 'class="summary"'));
    y += touch.length * LINE;
  }
  parts.push('</g>');
  return parts.join('');
}

export function drawJourney(journey: Journey, options: SvgOptions = {}): JourneyDrawing {
  const doc = fromJourney(journey);
  const direction = flowDirectionOf(doc.nodes, doc.edges);
  const boxes = new Map(journey.nodes.map((node) => [node.id, boxOf(node, options.sizes?.[node.id])]));
  const all = [...boxes.values()];
  const tables = touchTables(journey, Math.min(0, ...all.map((b) => b.x)), Math.max(0, ...all.map((b) => b.y + b.height)) + 40);
  const minX = Math.min(0, ...all.map((b) => b.x)) - PADDING;
  const minY = Math.min(0, ...all.map((b) => b.y)) - PADDING - (options.title ? 30 : 0);
  const maxX = Math.max(0, ...all.map((b) => b.x + b.width), ...tables.map((t) => t.x + t.width)) + PADDING;
  const maxY = Math.max(0, ...all.map((b) => b.y + b.height), ...tables.map((t) => t.y + t.height)) + PADDING;
  const width = Math.ceil(maxX - minX);
  const height = Math.ceil(maxY - minY);

  const edges = journey.edges.map((edge) => {
    const from = boxes.get(edge.source);
    const to = boxes.get(edge.target);
    if (!from || !to) return '';
    const start = exitPoint(from, edge.sourceHandle, direction);
    const end = direction === 'TB' ? { x: to.x + to.width / 2, y: to.y } : { x: to.x, y: to.y + to.height / 2 };
    const d = roundedPath(stepPoints(start, end, from, to, direction));
    return `<path class="edge" data-edge="${escapeXml(edge.id)}" d="${d}" fill="none" stroke="#94a3b8" stroke-width="1.5" marker-end="url(#arrow)"/>`;
  });

  const nodes = all.map((box) => {
    const info = typeInfoOf(box.node.type);
    const ports = box.ports.map((port) => lines(port.lines, box.width - 10, port.top + 12, PORT_LINE, 'text-anchor="end" class="port"'));
    const note = options.notes?.[box.node.id];
    const summaryTop = HEADER + 14 + box.label.length * LINE;
    return [
      `<g class="node" data-node="${escapeXml(box.node.id)}" transform="translate(${box.x},${box.y})">`,
      `<rect width="${box.width}" height="${box.height}" rx="8" fill="#ffffff" stroke="#cbd5e1" stroke-width="1"/>`,
      `<rect width="${box.width}" height="4" rx="2" fill="${info.color}"/>`,
      `<text x="10" y="20" class="type" fill="${info.color}">${escapeXml(`${info.icon} ${info.title}`)}</text>`,
      note ? `<text x="${box.width - 10}" y="20" text-anchor="end" class="note">${escapeXml(note)}</text>` : '',
      lines(box.label, 10, HEADER + 14, LINE, 'class="label"'),
      lines(box.summary, 10, summaryTop, LINE, 'class="summary"'),
      ...ports,
      `</g>`,
    ].join('');
  });

  const title = options.title
    ? `<text x="${minX + PADDING}" y="${minY + 26}" class="title">${escapeXml(options.title)}</text>`
    : '';
  const s = TEXT_SIZES;
  const content = [
    `<style>.type{font-size:${s.type}px;font-weight:600}.label{font-size:${s.label}px;font-weight:600;fill:#0f172a}.summary{font-size:${s.summary}px;fill:#475569}.port{font-size:${s.port}px;fill:#334155}.note{font-size:${s.note}px;fill:#2563eb;font-weight:600}.title{font-size:${s.title}px;font-weight:700;fill:#0f172a}</style>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#94a3b8"/></marker></defs>`,
    `<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="#ffffff"/>`,
    title,
    ...edges,
    ...nodes,
    ...tables.map(drawTouchTable),
  ].join('\n');
  return {
    svg: [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="${FONT_FAMILY}">`,
      content,
      `</svg>`,
    ].join('\n'),
    content,
    frame: { x: minX, y: minY, width, height },
    boxes: [
      ...all.map((b) => ({ id: b.node.id, x: b.x, y: b.y, width: b.width, height: b.height })),
      ...tables.map((t) => ({ id: `touches:${t.nodeId}`, x: t.x, y: t.y, width: t.width, height: t.height })),
    ],
  };
}

export function journeySvg(journey: Journey, options: SvgOptions = {}): string {
  return drawJourney(journey, options).svg;
}
