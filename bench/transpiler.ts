/**
 * Transpiler benchmark: ISA depth, gate counts, SWAPs and wall time for the ansätze the platform
 * runs, on a 127-qubit heavy-hex lattice (Eagle-like, `ecr`) and the same lattice with `cz`
 * (Heron-like basis), printed as JSON.
 *
 *   npx tsx bench/transpiler.ts [--sizes 4,8,12,16,20]
 */
import { parseArgs } from 'node:util';
import { efficientSU2, realAmplitudes } from '../lib/quantum/ansatz';
import { qaoaCircuit } from '../lib/quantum/qaoa';
import { circuitStats } from '../lib/quantum/stats';
import { transpile, type Target } from '../lib/quantum/transpiler';

/** Heavy-hex lattice: rows of `width` qubits in a line, joined by bridge qubits every 4 columns (offset alternating 0 / 2). */
function heavyHex(rows: number, width: number): [number, number][] {
  const edges: [number, number][] = [];
  const row = (r: number, c: number) => r * width + c;
  for (let r = 0; r < rows; r++) for (let c = 0; c + 1 < width; c++) edges.push([row(r, c), row(r, c + 1)]);
  let next = rows * width;
  for (let r = 0; r + 1 < rows; r++) {
    for (let c = r % 2 === 0 ? 0 : 2; c < width; c += 4) {
      edges.push([row(r, c), next], [next, row(r + 1, c)]);
      next++;
    }
  }
  return edges;
}

function main(): void {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '4,8,12,16,20' } } });
  const edges = heavyHex(7, 15); // 105 + 22 bridges = 127 qubits
  const numQubits = 1 + Math.max(...edges.flat());
  const targets: Record<string, Target> = {
    'heavy-hex-127 ecr (one-way)': { numQubits, basisGates: ['ecr', 'id', 'rz', 'sx', 'x'], couplingMap: edges },
    'heavy-hex-127 cz': { numQubits, basisGates: ['cz', 'id', 'rz', 'sx', 'x'], couplingMap: edges.flatMap(([a, b]) => [[a, b], [b, a]] as [number, number][]) },
  };
  const rows: Record<string, unknown>[] = [];
  for (const n of values.sizes.split(',').map(Number)) {
    const J = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j > i ? 0.1 : 0)));
    const circuits = {
      'realamplitudes reps=2 reverse_linear': realAmplitudes({ numQubits: n, reps: 2 }),
      'efficientsu2 reps=2 linear': efficientSU2({ numQubits: n, reps: 2, entanglement: 'linear' }),
      'realamplitudes reps=1 full': realAmplitudes({ numQubits: n, reps: 1, entanglement: 'full' }),
      'qaoa p=1 (all-to-all rzz)': qaoaCircuit({ numQubits: n, h: new Array(n).fill(0.2), J, offset: 0 } as never, 1),
    };
    for (const [name, c] of Object.entries(circuits)) {
      for (const [label, target] of Object.entries(targets)) {
        const t0 = performance.now();
        const t = transpile(c, target);
        const ms = performance.now() - t0;
        const logical = circuitStats(c);
        rows.push({ circuit: name, n, target: label, logicalDepth: logical.depth, depth: t.stats.depth, swaps: t.swaps, twoQubitGates: (t.stats.gateCounts.cz ?? 0) + (t.stats.gateCounts.ecr ?? 0), sx: t.stats.gateCounts.sx ?? 0, rz: t.stats.gateCounts.rz ?? 0, ms: Number(ms.toFixed(2)) });
      }
    }
  }
  process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
}

main();
