/**
 * The newcomer's rough edges (shared/findings first-hour items 7-13), as a user meets them through
 * bin/qpo.js: a closed pipe, --top, unbound QASM parameters, the XY-mixer circuit, folding, the
 * printed risk factor, P(optimum) and the QAOA mixer in the summary.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-polish-'));
const qpo = (args: string[], cwd = tmp()) => {
  const r = spawnSync(process.execPath, [QPO, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
};

/** 10 qubits in uniform superposition, measured: 1024 equally likely outcomes. */
const WIDE = `OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[10];\ncreg c[10];\nh q;\nmeasure q -> c;\n`;

describe('output to a closed pipe', () => {
  it('qpo simulate … | head ends quietly (no EPIPE stack trace)', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'wide.qasm'), WIDE);
    const child = spawn(process.execPath, [QPO, 'simulate', 'wide.qasm', '--top', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // read the first chunk, then close the pipe as head does
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|at /);
    expect(code).toBe(0);
  });
});

describe('qpo simulate', () => {
  it('--top K keeps the K most probable outcomes, by default 32 with a count of the rest', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'wide.qasm'), WIDE);
    const table = qpo(['simulate', 'wide.qasm'], dir);
    expect(table.code).toBe(0);
    expect(table.stdout.match(/^│ [01]{10} /gm)).toHaveLength(32);
    expect(table.stdout).toMatch(/992 less probable outcome\(s\) not shown \(--top 0 shows all\)/);
    const json = JSON.parse(qpo(['simulate', 'wide.qasm', '--top', '5', '--json'], dir).stdout) as { probabilities: Record<string, number> };
    expect(Object.keys(json.probabilities)).toHaveLength(5);
    expect(Object.keys(JSON.parse(qpo(['simulate', 'wide.qasm', '--json'], dir).stdout).probabilities)).toHaveLength(1024);
  });

  it('binds the input parameters of `qpo circuit --qasm` output with --parameters, and names them when missing', () => {
    const dir = tmp();
    expect(qpo(['circuit', '--tickers', 'AAPL,AMZN,GOOG', '--ansatz', 'realamplitudes', '--reps', '1', '--qasm', 'c.qasm', '--json'], dir).code).toBe(0);
    const missing = qpo(['simulate', 'c.qasm'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--parameters: the program has 6 input parameter\(s\) \(theta_0, theta_1, theta_2, …, theta_5\) and 0 value\(s\) were given/);
    // all angles 0: RY(0) and CX leave |000>
    const zero = JSON.parse(qpo(['simulate', 'c.qasm', '--parameters', '0,0,0,0,0,0', '--json'], dir).stdout) as { probabilities: Record<string, number> };
    expect(zero.probabilities).toEqual({ '000': 1 });
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify([Math.PI, 0, 0, 0, 0, 0]));
    const flipped = JSON.parse(qpo(['simulate', 'c.qasm', '--parameters', '@p.json', '--json'], dir).stdout) as { probabilities: Record<string, number> };
    // RY(π) on q0, then reverse_linear entanglement cx(1,2), cx(0,1): q1 follows q0, q2 stays 0
    expect(Object.entries(flipped.probabilities).filter(([, p]) => p > 0.5).map(([k]) => k)).toEqual(['011']);
    expect(qpo(['simulate', 'c.qasm', '--parameters', '1,x'], dir).stderr).toMatch(/--parameters: '1,x' must be comma-separated numbers/);
  });
});

describe('qpo circuit', () => {
  it('--mixer xy draws the XY-mixer QAOA circuit (RXX/RYY, a feasible start), --fold folds it', () => {
    const r = qpo(['circuit', '--tickers', 'AAPL,AMZN,GOOG,JPM', '--algorithm', 'qaoa', '--mixer', 'xy', '--reps', '1', '--fold', '60']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^QAOA \(XY mixer\) circuit for AAPL, AMZN, GOOG, JPM/);
    expect(r.stdout).toMatch(/gates: x: 2, .*rxx: 4, ryy: 4/);
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith(' ') || l.startsWith('q'))) expect([...line].length).toBeLessThanOrEqual(60);
    expect(r.stdout).toMatch(/»$/m);
    expect(qpo(['circuit', '--tickers', 'AAPL,AMZN', '--fold', '-1']).stderr).toMatch(/--fold: '-1' must be an integer >= 0/);
  });
});

describe('qpo optimize summary', () => {
  it('prints q = 0.1 for --risk-tolerance 0.9, and no P(optimum) for an annealing answer', () => {
    const r = qpo(['optimize', '--tickers', 'AAPL,AMZN,GOOG', '--budget', '1', '--risk-tolerance', '0.9', '--force-fallback', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/risk factor q = 0\.1\)/);
    expect(r.stdout).not.toMatch(/P\(optimum\)/);
    expect(r.stdout).toMatch(/Solver\s+simulated annealing \(100 reads x 1000 sweeps\)/);
  });

  it('names the QAOA mixer in the solver line', () => {
    const r = qpo(['optimize', '--tickers', 'AAPL,AMZN,GOOG,JPM', '--budget', '2', '--algorithm', 'qaoa', '--mixer', 'xy', '--reps', '1', '--seed', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Solver\s+QAOA \(p = 1, XY mixer, /);
    expect(r.stdout).toMatch(/P\(optimum\) = /);
  });
});
