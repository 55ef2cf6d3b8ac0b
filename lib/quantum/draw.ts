/**
 * Circuit drawings in the style of Qiskit's `QuantumCircuit.draw('text')` and an SVG of the same
 * layout: operations placed in columns as early as their wires allow (a multi-qubit gate occupies
 * every wire between its qubits, so its vertical line crosses nothing), controls as `■`, targets of
 * cx / ccx as `X` in a box-free form, other gates as labels `RY(θ[0])`.
 */
import { bindAngle, type Angle, type Circuit, type Operation } from './circuit';

const CONTROLS: Record<string, number> = { cx: 1, cy: 1, cz: 1, ch: 1, cp: 1, crx: 1, cry: 1, crz: 1, ccx: 2, cswap: 1 };

export interface PlacedOp {
  readonly op: Operation;
  readonly column: number;
  /** Label per touched wire (qubit index -> text), e.g. controls '■'. */
  readonly labels: ReadonlyMap<number, string>;
  /** Inclusive wire range of the vertical connector (equal ends: none). */
  readonly span: readonly [number, number];
}

export interface CircuitLayout {
  readonly numQubits: number;
  readonly columns: number;
  readonly ops: readonly PlacedOp[];
}

function angleLabel(a: Angle, names: readonly string[]): string {
  if (typeof a === 'number') {
    const r = a / Math.PI;
    if (Number.isInteger(Math.round(r * 4)) && Math.abs(r * 4 - Math.round(r * 4)) < 1e-12 && a !== 0) {
      const q = Math.round(r * 4);
      const text = q % 4 === 0 ? `${q / 4}π` : q % 2 === 0 ? `${q / 2}π/2` : `${q}π/4`;
      return text.replace(/^1π/, 'π').replace(/^-1π/, '-π');
    }
    return Number(a.toPrecision(4)).toString();
  }
  const name = names[a.index] ?? `p${a.index}`;
  const scaled = a.scale === 1 ? name : a.scale === -1 ? `-${name}` : `${Number(a.scale.toPrecision(4))}*${name}`;
  return a.offset === 0 ? scaled : `${scaled}${a.offset > 0 ? '+' : '-'}${Number(Math.abs(a.offset).toPrecision(4))}`;
}

function labelsOf(op: Operation, names: readonly string[]): Map<number, string> {
  const labels = new Map<number, string>();
  if (op.kind === 'measure') labels.set(op.qubit, `M→c${op.clbit}`);
  else if (op.kind === 'barrier') for (const q of op.qubits) labels.set(q, '░');
  else {
    const controls = CONTROLS[op.name] ?? 0;
    op.qubits.slice(0, controls).forEach((q) => labels.set(q, '■'));
    const base = controls > 0 ? op.name.slice(controls === 2 ? 2 : 1) : op.name;
    const params = op.params.length ? `(${op.params.map((a) => angleLabel(a, names)).join(',')})` : '';
    const targets = op.qubits.slice(controls);
    if (op.name === 'cz') targets.forEach((q) => labels.set(q, '■'));
    else if (base === 'swap') targets.forEach((q) => labels.set(q, '×'));
    else if (base === 'x' && controls > 0) targets.forEach((q) => labels.set(q, '⊕'));
    else targets.forEach((q, i) => labels.set(q, `${base.toUpperCase()}${params}${targets.length > 1 ? `_${i}` : ''}`));
  }
  return labels;
}

/** Place every operation in the earliest column free on all wires of its span. */
export function layoutCircuit(circuit: Circuit): CircuitLayout {
  const next = new Array<number>(circuit.numQubits).fill(0);
  const ops: PlacedOp[] = [];
  for (const op of circuit.ops) {
    const wires = op.kind === 'measure' ? [op.qubit] : [...op.qubits];
    const lo = Math.min(...wires);
    const hi = Math.max(...wires);
    let column = 0;
    for (let w = lo; w <= hi; w++) column = Math.max(column, next[w]!);
    for (let w = lo; w <= hi; w++) next[w] = column + 1;
    ops.push({ op, column, labels: labelsOf(op, circuit.parameters), span: [lo, hi] });
  }
  return { numQubits: circuit.numQubits, columns: Math.max(0, ...next), ops };
}

/** Options of the text diagram. */
export interface TextDrawOptions {
  /**
   * Fold the diagram into pages at most this many characters wide (as Qiskit's `fold`): each page
   * repeats the wire labels, `»` ends a folded line and `«` starts its continuation. 0 or absent:
   * one page however wide.
   */
  readonly fold?: number;
}

/** A text diagram: two lines per qubit (the wire, then the connectors below it). */
export function drawCircuitText(circuit: Circuit, options: TextDrawOptions = {}): string {
  const layout = layoutCircuit(circuit);
  const n = layout.numQubits;
  const width = new Array<number>(layout.columns).fill(1);
  for (const p of layout.ops) for (const l of p.labels.values()) width[p.column] = Math.max(width[p.column]!, [...l].length);
  const prefix = Array.from({ length: n }, (_, q) => `q_${q}: `);
  const pad = Math.max(...prefix.map((s) => s.length));
  const cells = Array.from({ length: layout.columns }, () => ({ wire: new Map<number, string>(), gap: new Set<number>() }));
  for (const p of layout.ops) {
    const col = cells[p.column]!;
    for (let w = p.span[0]; w <= p.span[1]; w++) {
      col.wire.set(w, p.labels.get(w) ?? (p.op.kind === 'barrier' ? '' : '┼'));
      if (w < p.span[1] && p.op.kind !== 'barrier') col.gap.add(w);
    }
  }
  // Each column's text, per qubit: its wire segment and the gap below it.
  const segments = cells.map((col, c) => {
    const w = width[c]!;
    return Array.from({ length: n }, (_, q) => {
      const label = col.wire.get(q);
      return { wire: `─${label === undefined || label === '' ? '─'.repeat(w) : centre(label, w, '─')}─`, gap: ` ${centre(col.gap.has(q) ? '│' : ' ', w, ' ')} ` };
    });
  });
  // Pages of columns that fit the fold (a page holds at least one column).
  const fold = options.fold && options.fold > 0 ? options.fold : Infinity;
  const pages: number[][] = [];
  let page: number[] = [];
  let used = pad + 1;
  for (let c = 0; c < layout.columns; c++) {
    const w = width[c]! + 2;
    if (page.length > 0 && used + w + 1 > fold) {
      pages.push(page);
      page = [];
      used = pad + 1;
    }
    page.push(c);
    used += w;
  }
  pages.push(page);
  const blocks = pages.map((columns, i) => {
    const first = i === 0;
    const last = i === pages.length - 1;
    const lines: string[] = [];
    for (let q = 0; q < n; q++) {
      const head = (first ? prefix[q]! : `${prefix[q]!.slice(0, -1)}«`).padStart(pad);
      lines.push(`${head}${columns.map((c) => segments[c]![q]!.wire).join('')}${last ? '' : '»'}`);
      if (q < n - 1) lines.push(`${' '.repeat(pad)}${columns.map((c) => segments[c]![q]!.gap).join('')}`.trimEnd());
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

function centre(text: string, width: number, fill: string): string {
  const len = [...text].length;
  const left = Math.floor((width - len) / 2);
  return fill.repeat(left) + text + fill.repeat(width - len - left);
}

/** The same layout as an SVG document (one column per layer, 40 px per qubit). */
export function drawCircuitSvg(circuit: Circuit): string {
  const layout = layoutCircuit(circuit);
  const colWidth = 90;
  const rowHeight = 40;
  const left = 50;
  const width = left + layout.columns * colWidth + 20;
  const height = layout.numQubits * rowHeight + 20;
  const y = (q: number) => 20 + q * rowHeight + rowHeight / 2 - 10;
  const x = (c: number) => left + c * colWidth + colWidth / 2;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  for (let q = 0; q < layout.numQubits; q++) {
    parts.push(`<text x="5" y="${y(q) + 4}">q_${q}</text>`, `<line x1="${left - 10}" y1="${y(q)}" x2="${width - 10}" y2="${y(q)}" stroke="black"/>`);
  }
  for (const p of layout.ops) {
    const cx = x(p.column);
    if (p.op.kind === 'barrier') {
      parts.push(`<rect x="${cx - 3}" y="${y(p.span[0]) - 15}" width="6" height="${y(p.span[1]) - y(p.span[0]) + 30}" fill="#ccc"/>`);
      continue;
    }
    if (p.span[1] > p.span[0]) parts.push(`<line x1="${cx}" y1="${y(p.span[0])}" x2="${cx}" y2="${y(p.span[1])}" stroke="black"/>`);
    for (const [q, label] of p.labels) {
      if (label === '■') parts.push(`<circle cx="${cx}" cy="${y(q)}" r="5" fill="black"/>`);
      else if (label === '⊕') parts.push(`<circle cx="${cx}" cy="${y(q)}" r="9" fill="white" stroke="black"/>`, `<line x1="${cx - 9}" y1="${y(q)}" x2="${cx + 9}" y2="${y(q)}" stroke="black"/>`, `<line x1="${cx}" y1="${y(q) - 9}" x2="${cx}" y2="${y(q) + 9}" stroke="black"/>`);
      else {
        const w = Math.min(colWidth - 6, 8 + 7 * [...label].length);
        parts.push(`<rect x="${cx - w / 2}" y="${y(q) - 12}" width="${w}" height="24" fill="#dde8ff" stroke="black"/>`, `<text x="${cx}" y="${y(q) + 4}" text-anchor="middle">${esc(label)}</text>`);
      }
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Resolve the angles of a circuit for a parameter vector (for drawing a bound circuit). */
export function bindCircuit(circuit: Circuit, params: ArrayLike<number>): Circuit {
  return {
    ...circuit,
    parameters: [],
    ops: circuit.ops.map((op) => (op.kind === 'gate' ? { ...op, params: op.params.map((a) => bindAngle(a, params)) } : op)),
  };
}
