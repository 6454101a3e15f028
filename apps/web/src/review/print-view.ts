import { escapeXml, FONT_FAMILY, TEXT_SIZES, type Area, type JourneyDrawing } from './journey-svg.js';

/**
 * The journey as pages to print or save as PDF. Squeezed onto one sheet, a 100-step journey's
 * text comes out a few points high; so a drawing larger than a page is printed at the canvas's
 * own size (its smallest text, 11 px, is 8¼ pt on paper) across as many pages as it needs, named
 * like a map's squares (A1, A2, … B1 …), after an overview page that shows where each one lies.
 */

const MM = 96 / 25.4;
/**
 * What a landscape sheet holds inside 10 mm margins, less a line for each page's heading: the
 * smaller of A4 (277 × 190 mm) and US Letter (259 × 196 mm), so either paper prints it whole.
 */
export const PRINT_AREA = { width: Math.floor(255 * MM), height: Math.floor(168 * MM) };
/** Drawing units per CSS pixel (1/96 in) on paper. */
export const PART_SCALE = 1;
/** A small drawing's single page is enlarged to fill the sheet, up to this. */
const MAX_SCALE = 1.5;
/** Room left between a page's edge and the steps beside it, when the page is cut between steps. */
const CUT_MARGIN = 12;

export interface PrintPart extends Area {
  name: string;
  row: number;
  column: number;
}

/**
 * Where to cut the line from `from` to `to` into pages of at most `length`: between steps
 * (`spans`) when a gap lies in the page's second half; otherwise through them, and the steps so
 * cut start the next page, drawn whole there.
 */
export function cutsAlong(from: number, to: number, length: number, spans: Array<[number, number]>): Array<[number, number]> {
  const pages: Array<[number, number]> = [];
  let start = from;
  while (to - start > length) {
    const limit = start + length;
    const free = (at: number) => at >= start + length / 2 && at <= limit && !spans.some(([a, b]) => a < at && at < b);
    const between = [limit, ...spans.map(([, b]) => b + CUT_MARGIN)].filter(free);
    if (between.length > 0) {
      const cut = Math.max(...between);
      pages.push([start, cut]);
      start = cut;
      continue;
    }
    pages.push([start, limit]);
    const cutThrough = spans.filter(([a, b]) => a < limit && limit < b).map(([a]) => a - CUT_MARGIN);
    start = Math.max(start + length / 2, Math.min(...cutThrough));
  }
  pages.push([start, to]);
  return pages;
}

/** Row names as on a map or a spreadsheet: A … Z, AA, AB … */
function rowName(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : rowName(Math.floor(index / 26) - 1) + rowName(index % 26);
}

/** The pages a drawing is printed on at `scale`, each with a step on it; empty stretches are left out. */
export function printParts(drawing: Pick<JourneyDrawing, 'frame' | 'boxes'>, scale = PART_SCALE): PrintPart[] {
  const { frame, boxes } = drawing;
  const columns = cutsAlong(frame.x, frame.x + frame.width, PRINT_AREA.width / scale, boxes.map((b) => [b.x, b.x + b.width]));
  const rows = cutsAlong(frame.y, frame.y + frame.height, PRINT_AREA.height / scale, boxes.map((b) => [b.y, b.y + b.height]));
  const parts: PrintPart[] = [];
  rows.forEach(([top, bottom], row) =>
    columns.forEach(([left, right], column) => {
      const holdsAStep = boxes.some((b) => b.x < right && b.x + b.width > left && b.y < bottom && b.y + b.height > top);
      if (holdsAStep) parts.push({ name: `${rowName(row)}${column + 1}`, row, column, x: left, y: top, width: right - left, height: bottom - top });
    }),
  );
  return parts;
}

function framed(drawing: JourneyDrawing, area: Area, scale: number, extra = ''): string {
  const size = (n: number) => Math.round(n * scale * 100) / 100;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size(area.width)}" height="${size(area.height)}" viewBox="${area.x} ${area.y} ${area.width} ${area.height}" font-family="${FONT_FAMILY}">${drawing.content}${extra}</svg>`;
}

function sheet(kind: string, heading: string, detail: string, body: string, part?: string): string {
  return `<section class="sheet sheet--${kind}"${part ? ` data-part="${part}"` : ''}><header class="sheet__head"><strong>${escapeXml(heading)}</strong><span>${escapeXml(detail)}</span></header>${body}</section>`;
}

/** The smallest text on a part page, in points: what "legible" is checked against. */
export function smallestPrintedPoints(scale = PART_SCALE): number {
  return Math.min(...Object.values(TEXT_SIZES)) * scale * 0.75;
}

/**
 * A page of its own with the drawing laid out for paper: the browser's print dialog prints it or
 * saves it as PDF. On screen the sheets are shown one under another, as they will print.
 */
export function printView(title: string, drawing: JourneyDrawing): string {
  const { frame } = drawing;
  const fit = Math.min(PRINT_AREA.width / frame.width, PRINT_AREA.height / frame.height);
  let sheets: string[];
  if (fit >= PART_SCALE) {
    sheets = [sheet('whole', title, '', framed(drawing, frame, Math.min(fit, MAX_SCALE)))];
  } else {
    const parts = printParts(drawing);
    const rows = Math.max(...parts.map((p) => p.row)) + 1;
    const columns = Math.max(...parts.map((p) => p.column)) + 1;
    const byName = new Map(parts.map((p) => [`${p.row}:${p.column}`, p.name]));
    const labelSize = Math.min(...parts.map((p) => Math.min(p.width, p.height))) / 4;
    const map = parts
      .map(
        (p) =>
          `<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" fill="none" stroke="#2563eb" stroke-width="${2 / fit}" stroke-dasharray="${8 / fit} ${6 / fit}"/>` +
          `<text x="${p.x + p.width / 2}" y="${p.y + p.height / 2}" text-anchor="middle" dominant-baseline="central" font-size="${labelSize}" font-weight="700" fill="#2563eb" fill-opacity="0.55" stroke="#ffffff" stroke-width="${labelSize / 12}" paint-order="stroke">${p.name}</text>`,
      )
      .join('');
    const overview = sheet(
      'overview',
      title,
      `Overview · ${parts.length} pages follow at full size, ${rows} row${rows === 1 ? '' : 's'} (A…) by ${columns} column${columns === 1 ? '' : 's'} (1…)`,
      framed(drawing, frame, fit, `<g class="print-map">${map}</g>`),
    );
    sheets = [
      overview,
      ...parts.map((part, i) => {
        const neighbour = (dr: number, dc: number, arrow: string) => {
          const name = byName.get(`${part.row + dr}:${part.column + dc}`);
          return name ? `${arrow} ${name}` : '';
        };
        const around = [neighbour(0, -1, '←'), neighbour(0, 1, '→'), neighbour(-1, 0, '↑'), neighbour(1, 0, '↓')].filter(Boolean).join('  ');
        return sheet(
          'part',
          `${title} · ${part.name}`,
          `${around ? `${around} · ` : ''}page ${i + 2} of ${parts.length + 1}`,
          framed(drawing, part, PART_SCALE),
          part.name,
        );
      }),
    ];
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<style>
@page{size:landscape;margin:10mm}
html,body{margin:0;font-family:${FONT_FAMILY};color:#0f172a}
.sheet{break-after:page;page-break-after:always;break-inside:avoid}
.sheet:last-child{break-after:auto;page-break-after:auto}
.sheet__head{display:flex;justify-content:space-between;gap:12px;font-size:10pt;line-height:1.3;margin:0 0 3mm;white-space:nowrap}
.sheet__head span{color:#475569}
.sheet svg{display:block}
@media screen{body{background:#e2e8f0;padding:8mm 0}.sheet{background:#fff;width:277mm;min-height:190mm;box-sizing:content-box;padding:10mm;margin:0 auto 8mm;box-shadow:0 1px 4px rgba(15,23,42,.2)}}
</style></head>
<body>${sheets.join('\n')}<script>window.onload=()=>window.print()</script></body></html>`;
}
