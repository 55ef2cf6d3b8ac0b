/** Text diagrams fold into pages no wider than `fold`, and the pages put together are the unfolded diagram. */
import { drawCircuitText, realAmplitudes } from '../../lib/quantum';

/** A page is 2n - 1 lines (wires and the gaps below them); pages are separated by one empty line. */
const pagesOf = (text: string, n: number) => {
  const lines = text.split('\n');
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += 2 * n) pages.push(lines.slice(i, i + 2 * n - 1));
  return pages;
};

const unfoldPages = (text: string, pad: number) => {
  const pages = pagesOf(text, 20);
  return pages[0]!.map((_, row) => pages.map((lines, i) => {
    const line = lines[row] ?? '';
    // gap lines are trimmed at the end of a page: pad them to the page's wire width
    const width = [...lines[0]!.slice(pad).replace(/»$/, '')].length;
    const body = line.slice(pad).replace(/»$/, '').padEnd(width);
    return i === 0 ? line.slice(0, pad).padEnd(pad) + body : body;
  }).join(''));
};

describe('drawCircuitText', () => {
  const circuit = realAmplitudes({ numQubits: 20, reps: 3, entanglement: 'linear' });

  it('draws 20 qubits in one page without fold', () => {
    const text = drawCircuitText(circuit);
    expect(pagesOf(text, 20)).toHaveLength(1);
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeGreaterThan(250);
  });

  it('folds at the given width, repeating the wire labels, and loses nothing', () => {
    const flat = drawCircuitText(circuit);
    const folded = drawCircuitText(circuit, { fold: 80 });
    const pages = pagesOf(folded, 20);
    pages.slice(1).forEach((_, i) => expect(folded.split('\n')[(i + 1) * 40 - 1]).toBe(''));
    expect(pages.length).toBeGreaterThan(3);
    for (const line of folded.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(pages[1]![0]).toMatch(/^ q_0:«/);
    expect(pages[0]![0]).toMatch(/»$/);
    const pad = 'q_19: '.length;
    expect(unfoldPages(folded, pad).map((l) => l.trimEnd())).toEqual(flat.split('\n').map((l) => l.trimEnd()));
  });
});
