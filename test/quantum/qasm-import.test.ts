/**
 * OpenQASM import: the 37 QASMBench circuits of ../shared/qasmbench (dense oracle for the small
 * ones, the answers QASMBench documents, fused vs unfused simulation), qelib1.inc gates against
 * their matrices, import -> toQasm3 -> import round trips, and errors with line and column.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  allocateState,
  CircuitBuilder,
  compileCircuit,
  fromQasm,
  gateMatrix,
  measuredProbabilities,
  measurementMap,
  parseQasm,
  probabilities,
  realAmplitudes,
  toQasm3,
  type Circuit,
} from '../../lib/quantum';
import { applyDenseCircuit, maxAbsDiff, zeroState } from '../reference/dense';

const BENCH = path.join(__dirname, '..', '..', '..', 'shared', 'qasmbench');
const files = existsSync(BENCH) ? readdirSync(BENCH).filter((f) => f.endsWith('.qasm')).sort() : [];

function run(circuit: Circuit, params: readonly number[] = [], fuse = true): Float64Array {
  const state = allocateState(circuit.numQubits);
  compileCircuit(circuit, { fuse }).run(state, params);
  return state;
}

function measured(circuit: Circuit): Record<string, number> {
  return measuredProbabilities(measurementMap(circuit), probabilities(run(circuit)), 1e-12);
}

/** The answers QASMBench documents (../shared/qasmbench/README.md, "Known answers"). */
const KNOWN: Record<string, Record<string, number>> = {
  'adder_n4.qasm': { '1001': 1 },
  'fredkin_n3.qasm': { '101': 1 },
  'grover_n2.qasm': { '11': 1 },
  'toffoli_n3.qasm': { '111': 1 },
  'iswap_n2.qasm': { '10': 1 },
  'hs4_n4.qasm': { '0101': 1 },
  'basis_change_n3.qasm': { '000': 1 },
  'pea_n5.qasm': { '0011': 1 },
  'lpn_n5.qasm': { '00000': 0.5, '01101': 0.5 },
  'adder_n10.qasm': { '10000': 1 },
  'multiply_n13.qasm': { '1111': 1 },
  'cat_state_n4.qasm': { '0000': 0.5, '1111': 0.5 },
  'wstate_n3.qasm': { '001': 1 / 3, '010': 1 / 3, '100': 1 / 3 },
  'bv_n14.qasm': { '1111111111111': 1 },
};

(files.length ? describe : describe.skip)('QASMBench circuits', () => {
  test('all 37 files are there', () => {
    expect(files).toHaveLength(37);
  });

  test.each(files)('%s: the fused simulator equals the unfused one (and the dense oracle up to 5 qubits)', (file) => {
    const circuit = fromQasm(readFileSync(path.join(BENCH, file), 'utf8'));
    const fused = run(circuit);
    expect(maxAbsDiff(fused, run(circuit, [], false))).toBeLessThan(1e-12);
    if (circuit.numQubits <= 5) expect(maxAbsDiff(fused, applyDenseCircuit(zeroState(circuit.numQubits), circuit))).toBeLessThan(1e-10);
  });

  test.each(Object.keys(KNOWN))('%s gives its documented answer', (file) => {
    const got = measured(fromQasm(readFileSync(path.join(BENCH, file), 'utf8')));
    const want = KNOWN[file]!;
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    // wstate_n3 prints its angle rounded (u3(1.91063, ...)): "about 1/3 each"
    for (const [k, p] of Object.entries(want)) expect(got[k]).toBeCloseTo(p, file === 'wstate_n3.qasm' ? 5 : 9);
  });

  test('documented partial answers: qec_en_n5, sat_n7, qpe_n9, simon_n6, deutsch_n2', () => {
    const m = (f: string) => measured(fromQasm(readFileSync(path.join(BENCH, f), 'utf8')));
    const qec = m('qec_en_n5.qasm');
    expect(qec['00000']).toBeCloseTo(0.8536, 4);
    expect(qec['01011']).toBeCloseTo(0.1464, 4);
    expect(m('sat_n7.qasm')['11']).toBeCloseTo(0.8125, 12);
    const qpe = m('qpe_n9.qasm');
    expect(qpe['100000']).toBeCloseTo(0.0477, 4);
    expect(Object.entries(qpe).sort((a, b) => b[1] - a[1])[0]![0]).toBe('011111');
    for (const y of Object.keys(m('simon_n6.qasm'))) expect(Number(y[5]) ^ Number(y[4])).toBe(0);
    for (const y of Object.keys(m('deutsch_n2.qasm'))) expect(y.endsWith('1')).toBe(true);
  });

  test('several registers: qubits and clbits concatenate in declaration order', () => {
    const p = parseQasm(readFileSync(path.join(BENCH, 'adder_n10.qasm'), 'utf8'));
    expect(p.qubitRegisters.map((r) => [r.name, r.start, r.size])).toEqual([
      ['cin', 0, 1],
      ['a', 1, 4],
      ['b', 5, 4],
      ['cout', 9, 1],
    ]);
  });

  test.each(files)('%s: import -> toQasm3 -> import gives the same state', (file) => {
    const circuit = fromQasm(readFileSync(path.join(BENCH, file), 'utf8'));
    const again = fromQasm(toQasm3(circuit));
    expect(again.numQubits).toBe(circuit.numQubits);
    expect(maxAbsDiff(run(again), run(circuit))).toBeLessThan(1e-12);
    expect(measurementMap(again)).toEqual(measurementMap(circuit));
  });
});

describe('OpenQASM import', () => {
  const header = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';

  test('a parameterized ansatz round-trips through OpenQASM 3 with its input parameters', () => {
    const ansatz = realAmplitudes({ numQubits: 3, reps: 2 });
    const text = toQasm3(ansatz);
    const back = fromQasm(text);
    expect(back.parameters).toHaveLength(ansatz.parameters.length);
    const params = ansatz.parameters.map((_, i) => 0.3 * i - 1);
    expect(maxAbsDiff(run(back, params), run(ansatz, params))).toBeLessThan(1e-12);
  });

  test('rzz, rxx, ryy and sxdg definitions written by toQasm3 expand to the same state', () => {
    const c = new CircuitBuilder(2).h(0).h(1).rzz(0.7, 0, 1).rxx(0.4, 0, 1).ryy(-0.3, 1, 0).sxdg(0).build();
    expect(maxAbsDiff(run(fromQasm(toQasm3(c))), run(c))).toBeLessThan(1e-12);
  });

  test.each([
    ['u3(0.3,0.4,0.5) q[0];', 'u', [0.3, 0.4, 0.5]],
    ['u2(0.4,0.5) q[0];', 'u', [Math.PI / 2, 0.4, 0.5]],
    ['u1(0.5) q[0];', 'p', [0.5]],
    ['U(0.3,0.4,0.5) q[0];', 'u', [0.3, 0.4, 0.5]],
  ] as const)('%s is the IR gate %s', (line, name, angles) => {
    const c = fromQasm(`${header}qreg q[1];\nh q[0];\n${line}`);
    const op = c.ops[1]!;
    expect(op).toMatchObject({ kind: 'gate', name });
    const got = op.kind === 'gate' ? (op.params as number[]) : [];
    got.forEach((a, i) => expect(a).toBeCloseTo(angles[i]!, 15));
  });

  /** The 4x4 unitary (interleaved) of a 2-qubit circuit, column by column. */
  function unitary(circuit: Circuit): Float64Array {
    const u = new Float64Array(32);
    for (let col = 0; col < 4; col++) {
      const s = new Float64Array(8);
      s[2 * col] = 1;
      compileCircuit(circuit).run(s, []);
      for (let row = 0; row < 4; row++) {
        u[2 * (row * 4 + col)] = s[2 * row]!;
        u[2 * (row * 4 + col) + 1] = s[2 * row + 1]!;
      }
    }
    return u;
  }

  /** |0><0| x I + |1><1| x g on (control = qubit 0, target = qubit 1), g scaled by e^{i gamma}. */
  function controlled(g: Float64Array, gamma = 0): Float64Array {
    const u = new Float64Array(32);
    const set = (r: number, c: number, re: number, im: number) => {
      u[2 * (r * 4 + c)] = re;
      u[2 * (r * 4 + c) + 1] = im;
    };
    set(0, 0, 1, 0);
    set(2, 2, 1, 0);
    const [cr, ci] = [Math.cos(gamma), Math.sin(gamma)];
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 2; c++) {
        const re = g[2 * (r * 2 + c)]!;
        const im = g[2 * (r * 2 + c) + 1]!;
        set(1 + 2 * r, 1 + 2 * c, re * cr - im * ci, re * ci + im * cr);
      }
    return u;
  }

  test('cu3, cu and csx of qelib1.inc are the controlled gates', () => {
    const two = (line: string) => fromQasm(`${header}qreg q[2];\n${line}`);
    expect(maxAbsDiff(unitary(two('cu3(0.3,0.4,0.5) q[0],q[1];')), controlled(gateMatrix('u', [0.3, 0.4, 0.5])))).toBeLessThan(1e-12);
    expect(maxAbsDiff(unitary(two('cu(0.3,0.4,0.5,0.2) q[0],q[1];')), controlled(gateMatrix('u', [0.3, 0.4, 0.5]), 0.2))).toBeLessThan(1e-12);
    expect(maxAbsDiff(unitary(two('csx q[0],q[1];')), controlled(gateMatrix('sx')))).toBeLessThan(1e-12);
  });

  test('broadcast, nested user gates with expressions, barrier and measure into two cregs', () => {
    const p = parseQasm(`${header}qreg a[2];\nqreg b[1];\ncreg lo[1];\ncreg hi[2];
gate half(t) x { ry(t/2) x; }
gate pair(t) x, y { half(2*t) x; cx x, y; }
x a;
barrier a, b;
pair(pi) a[0], b[0];
measure b[0] -> lo[0];
measure a -> hi;`);
    expect(p.clbitRegisters.map((r) => [r.name, r.start, r.size])).toEqual([
      ['lo', 0, 1],
      ['hi', 1, 2],
    ]);
    // a = |11>, ry(pi) on a[0] -> a[0] = 0, cx a[0] -> b[0] does nothing: clbits hi = 10 (a1 a0), lo = 0
    expect(measured(p.circuit)).toEqual({ '100': expect.closeTo(1, 12) });
  });

  test.each([
    ['qreg q[1];\nfoo q[0];', 4, 1, "unknown gate 'foo'"],
    ['qreg q[1];\nh q[1];', 4, 3, 'q[1] is out of range'],
    ['qreg q[1];\nh q[0]\nx q[0];', 5, 1, "expected ';'"],
    ['qreg q[1];\nreset q[0];', 4, 1, "'reset' is not supported"],
    ['qreg q[2];\ncx q[0];', 4, 1, "gate 'cx' takes 0 parameter(s) and 2 qubit(s)"],
    ['qreg q[1];\nrx(sin(x)) q[0];', 4, 8, "unknown identifier 'x'"],
    ['qreg q[2];\ncreg c[1];\nmeasure q -> c;', 5, 14, 'the sizes must match'],
  ])('error: %j at line %i, column %i', (body, line, column, message) => {
    try {
      fromQasm(header + body);
      throw new Error('no error');
    } catch (error) {
      expect(error).toMatchObject({ name: 'QPO.InvalidCircuit', code: 'INVALID_CIRCUIT', line, column });
      expect((error as Error).message).toContain(message);
    }
  });

  test('a program must declare its version and include only the built-in libraries', () => {
    expect(() => fromQasm('qreg q[1];')).toThrow(/line 1, column 1: a program must start with 'OPENQASM 2.0;'/);
    expect(() => fromQasm('OPENQASM 2.0;\ninclude "other.inc";')).toThrow(/line 2, column 9: cannot include 'other.inc'/);
  });

  test('gates after a measurement of the same qubit are refused by the simulator', () => {
    const c = fromQasm(`${header}qreg q[1];\ncreg c[1];\nmeasure q[0] -> c[0];\nx q[0];`);
    expect(() => measurementMap(c)).toThrow(/after it was measured/);
  });
});
