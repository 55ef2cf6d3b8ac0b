/**
 * `qpo simulate`, `qpo circuit` and `qpo bench` as a user runs them (child processes of bin/qpo.js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const BENCH = path.join(__dirname, '..', '..', '..', 'shared', 'qasmbench');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-cli-'));

function qpo(args: string[], cwd = tmp()) {
  const r = spawnSync(process.execPath, [QPO, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

const BELL = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg lo[1];\ncreg hi[1];\nh q[0];\ncx q[0],q[1];\nx q[1];\nmeasure q[0] -> hi[0];\nmeasure q[1] -> lo[0];\n';

describe('qpo simulate', () => {
  it('prints exact probabilities in Qiskit order (clbit 0 rightmost) and seeded counts', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bell.qasm'), BELL);
    const r = qpo(['simulate', 'bell.qasm', '--shots', '1000', '--seed', '5', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // q0 = q1 xor 1: |01> or |10>; hi <- q0, lo <- q1
    expect(out.numQubits).toBe(2);
    expect(Object.keys(out.probabilities).sort()).toEqual(['01', '10']);
    expect(out.probabilities['01']).toBeCloseTo(0.5, 12);
    expect(out.counts['01'] + out.counts['10']).toBe(1000);
    const again = qpo(['simulate', 'bell.qasm', '--shots', '1000', '--seed', '5', '--json'], dir);
    expect(JSON.parse(again.stdout).counts).toEqual(out.counts);
    expect(qpo(['simulate', 'bell.qasm', '--threads', '2', '--json'], dir).stdout).toBe(qpo(['simulate', 'bell.qasm', '--json'], dir).stdout);
  });

  (existsSync(BENCH) ? it : it.skip)('simulates a QASMBench file: multiply_n13 gives 1111', () => {
    const r = qpo(['simulate', path.join(BENCH, 'multiply_n13.qasm')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/13 qubits/);
    expect(r.stdout).toMatch(/1111\s*│\s*1\.00000/);
  });

  (existsSync(BENCH) ? it : it.skip)('--precision single: a 13-qubit QASMBench file in float32 gives the answer of double precision', () => {
    const file = path.join(BENCH, 'multiply_n13.qasm');
    const single = JSON.parse(qpo(['simulate', file, '--precision', 'single', '--json']).stdout);
    const double = JSON.parse(qpo(['simulate', file, '--json']).stdout);
    expect(Object.keys(single.probabilities)).toEqual(Object.keys(double.probabilities));
    for (const k of Object.keys(double.probabilities)) expect(Math.abs(single.probabilities[k] - double.probabilities[k])).toBeLessThan(1e-6);
    const bad = qpo(['simulate', file, '--precision', 'quad']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--precision: 'quad' is not valid; use one of double, single/);
  });

  it('reports a syntax error with its line and column, exit code 2, no stack', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.qasm'), 'OPENQASM 2.0;\nqreg q[1];\nh q[0]\n');
    const r = qpo(['simulate', 'bad.qasm'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error \[INVALID_CIRCUIT\] line 4, column 1: expected ';'/);
    expect(r.stderr).not.toMatch(/at .*\.ts/);
    expect(qpo(['simulate', 'missing.qasm'], dir).code).toBe(2);
  });
});

describe('qpo circuit', () => {
  it('prints the RealAmplitudes circuit of a problem with depth, gates and parameters, and writes the SVG', () => {
    const r = qpo(['circuit', '--tickers', 'AAPL,AMZN,GOOG,JPM', '--budget', '2', '--ansatz', 'realamplitudes', '--reps', '1', '--svg', 'c.svg', '--qasm', 'c.qasm']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/qubits: 4 {3}parameters: 8 {3}depth: 5/);
    expect(r.stdout).toMatch(/gates: ry: 8, cx: 3/);
    expect(r.stdout).toMatch(/q_0: ─RY\(θ\[0\]\)/);
    expect(readFileSync(path.join(r.cwd, 'c.svg'), 'utf8')).toMatch(/^<svg /);
    expect(readFileSync(path.join(r.cwd, 'c.qasm'), 'utf8')).toMatch(/^OPENQASM 3\.0;/);
  });

  it('prints the default givens circuit: X on the spread selection, then CX-CRY-CX per Givens rotation', () => {
    const r = qpo(['circuit', '--tickers', 'AAPL,AMZN,GOOG,JPM', '--budget', '2', '--json']);
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.stdout);
    // 4 brick layers of 4 ring pairs: 16 rotations, each one CRY between two CX.
    expect(facts).toMatchObject({ algorithm: 'vqe', numQubits: 4, numParameters: 16, gateCounts: { x: 2, cx: 32, cry: 16 } });
  });

  it('draws the XY-mixer QAOA from the Dicke state (--mixer and --initial-state reach the circuit)', () => {
    const xy = JSON.parse(qpo(['circuit', '--tickers', 'AAPL,AMZN,GOOG', '--budget', '1', '--algorithm', 'qaoa', '--mixer', 'xy', '--initial-state', 'basis', '--json']).stdout);
    expect(xy.gateCounts).toMatchObject({ x: 1, rxx: 6, ryy: 6 });
    const x = JSON.parse(qpo(['circuit', '--tickers', 'AAPL,AMZN,GOOG', '--budget', '1', '--algorithm', 'qaoa', '--mixer', 'x', '--json']).stdout);
    expect(x.gateCounts).toMatchObject({ h: 3, rx: 6 });
  });

  it('prints the QAOA circuit as JSON', () => {
    const r = qpo(['circuit', '--tickers', 'AAPL,AMZN,GOOG', '--algorithm', 'qaoa', '--reps', '2', '--json']);
    expect(r.code).toBe(0);
    const facts = JSON.parse(r.stdout);
    expect(facts).toMatchObject({ algorithm: 'qaoa', numQubits: 3, numParameters: 4, parameters: ['β[0]', 'β[1]', 'γ[0]', 'γ[1]'] });
    expect(facts.gateCounts.rzz).toBe(6);
  });
});

describe('qpo bench', () => {
  it('simulator: JSON rows with ns per amplitude and the ratio to the read-modify-write pass', () => {
    const r = qpo(['bench', 'simulator', '--qubits', '8', '--threads', '1,2', '--repeats', '1', '--kernels', 'wasm,js', '--unblocked', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).results as { qubits: number; threads: number; gate: string; kernels?: string; blocking?: boolean; nsPerAmplitude: number; bandwidthRatio: number }[];
    const gates = ['ry', 'rz', 'cx', 'cz', 'realamplitudes/true', 'realamplitudes/false'];
    expect(rows.map((x) => `${x.kernels ?? ''}:${x.threads}:${x.gate}${x.blocking === undefined ? '' : `/${x.blocking}`}`)).toEqual([
      ':1:rmw',
      ...['wasm', 'js'].flatMap((k) => [1, 2].flatMap((t) => gates.map((g) => `${k}:${t}:${g}`))),
    ]);
    for (const row of rows) {
      expect(row.qubits).toBe(8);
      expect(row.nsPerAmplitude).toBeGreaterThan(0);
      expect(row.bandwidthRatio).toBeGreaterThan(0);
    }
  });

  it('simulator --precision double,single: rows in both precisions, each naming the representation', () => {
    const r = qpo(['bench', 'simulator', '--qubits', '10', '--threads', '1', '--repeats', '1', '--precision', 'double,single', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).results as { gate: string; precision?: string; representation?: string }[];
    expect(rows.filter((x) => x.gate !== 'rmw').map((x) => `${x.precision}:${x.gate}:${x.representation}`)).toEqual([
      'double:ry:r64',
      'double:rz:c64',
      'double:cx:r64',
      'double:cz:r64',
      'double:realamplitudes:r64',
      'single:ry:r32',
      'single:rz:c32',
      'single:cx:r32',
      'single:cz:r32',
      'single:realamplitudes:r32',
    ]);
    expect(qpo(['bench', 'simulator', '--qubits', '10', '--precision', 'half']).stderr).toMatch(/--precision: 'half' must be a comma-separated list of double, single/);
  });

  it('rejects an unknown kernel name with exit code 2', () => {
    const r = qpo(['bench', 'simulator', '--qubits', '8', '--kernels', 'cuda']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--kernels: 'cuda' must be a comma-separated list of wasm, js/);
  });

  it('rejects a bad qubit list with exit code 2', () => {
    const r = qpo(['bench', 'simulator', '--qubits', '8,x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--qubits: '8,x' must be a comma-separated list/);
  });
});
