/**
 * The HTML of qpo's reports: escaping, tables, sections and the self-contained page (inline CSS,
 * inline SVG, no script, no external resource), so a report opens the same anywhere, offline.
 */

/** Escape text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A cell is escaped text, or raw HTML made by this module's callers. */
export type Cell = string | number | { readonly html: string };

const cell = (c: Cell) => (typeof c === 'object' ? c.html : escapeHtml(c));

/** A table with a header row; numbers right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${cell(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A definition list of label/value pairs. */
export function facts(pairs: readonly (readonly [string, Cell])[]): string {
  return `<dl class="facts">${pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${cell(v)}</dd>`).join('')}</dl>`;
}

/** A section with its id (the page's table of contents links to it). */
export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

/** A chart: the SVG of vega inside a figure (data-chart marks it for tests). */
export function figure(name: string, svg: string, caption?: string): string {
  return `<figure class="chart" data-chart="${escapeHtml(name)}">${svg}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`;
}

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; margin: 0; background: #f8fafc; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: white; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
.sub { color: #6b7280; margin: 0 0 16px; }
nav { font-size: 13px; margin-bottom: 8px; } nav a { margin-right: 12px; color: #2563eb; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; } th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 10px; text-align: left; }
th { background: #f1f5f9; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; } dl.facts dt { color: #6b7280; } dl.facts dd { margin: 0; }
figure.chart { margin: 12px 0; overflow-x: auto; } figure.chart svg { max-width: 100%; height: auto; } figcaption { color: #6b7280; font-size: 12px; }
.circuit { overflow-x: auto; border: 1px solid #e5e7eb; padding: 6px; }
.note { color: #6b7280; font-size: 12.5px; } .bad { color: #b91c1c; } .good { color: #15803d; }
footer { margin-top: 32px; color: #9ca3af; font-size: 12px; }
`;

/** The whole document. */
export function page(title: string, subtitle: string, nav: readonly (readonly [string, string])[], body: string, footer: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No script and no external resource may load: the report is a document, self-contained.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head>`,
    `<body><main><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(subtitle)}</p>`,
    nav.length ? `<nav>${nav.map(([id, label]) => `<a href="#${escapeHtml(id)}">${escapeHtml(label)}</a>`).join('')}</nav>` : '',
    body,
    `<footer>${escapeHtml(footer)}</footer></main></body></html>`,
    '',
  ].join('\n');
}

/** Percent with two decimals. */
export const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)} %`);

/** A number in shortest round-trip form at 6 significant digits. */
export const num = (v: number | null | undefined, digits = 6) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : String(Number(v.toPrecision(digits))));
