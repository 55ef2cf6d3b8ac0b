import { CircuitBuilder, qaoaCircuit, qasmIdentifier, realAmplitudes, toQasm3 } from '../../lib/quantum';

describe('OpenQASM 3 export', () => {
  it('declares parameters as input floats and writes stdgates names', () => {
    const text = toQasm3(realAmplitudes({ numQubits: 2, reps: 1 }));
    expect(text.split('\n')).toEqual([
      'OPENQASM 3.0;',
      'include "stdgates.inc";',
      'input float[64] theta_0;',
      'input float[64] theta_1;',
      'input float[64] theta_2;',
      'input float[64] theta_3;',
      'qubit[2] q;',
      'ry(theta_0) q[0];',
      'ry(theta_1) q[1];',
      'cx q[0], q[1];',
      'ry(theta_2) q[0];',
      'ry(theta_3) q[1];',
      '',
    ]);
  });

  it('writes scaled parameters, measurements, barriers and defines rzz', () => {
    const b = new CircuitBuilder(2, { numClbits: 2 });
    const [g] = b.parameterVector('γ', 1);
    const c = b.h(0).rzz({ ...g!, scale: 2, offset: -0.5 }, 0, 1).barrier(0, 1).measure(0, 0).measure(1, 1).build();
    const text = toQasm3(c);
    expect(text).toContain('gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }');
    expect(text).toContain('input float[64] gamma_0;');
    expect(text).toContain('rzz(2.0*gamma_0 - 0.5) q[0], q[1];');
    expect(text).toContain('barrier q[0], q[1];');
    expect(text).toContain('bit[2] c;');
    expect(text).toContain('c[1] = measure q[1];');
  });

  it('renames gates for a dialect and can address physical qubits', () => {
    const c = new CircuitBuilder(2).cx(0, 1).sdg(1).p(0.25, 0).build();
    const text = toQasm3(c, { gateNames: { cx: 'cnot', sdg: 'si', p: 'phaseshift' }, includeStdgates: false, physicalQubits: true });
    expect(text).not.toContain('include');
    expect(text).not.toContain('qubit[');
    expect(text).toContain('cnot $0, $1;');
    expect(text).toContain('si $1;');
    expect(text).toContain('phaseshift(0.25) $0;');
  });

  it('exports a QAOA circuit with beta and gamma inputs', () => {
    const text = toQasm3(qaoaCircuit({ numQubits: 2, h: [0.5, -0.5], J: [[0, 1], [0, 0]], offset: 0 }, 1));
    expect(text).toMatch(/input float\[64\] beta_0;\ninput float\[64\] gamma_0;/);
    expect(text).toContain('rzz(');
  });

  it('turns parameter names into identifiers', () => {
    expect(qasmIdentifier('θ[12]')).toBe('theta_12');
    expect(qasmIdentifier('1x')).toBe('p_1x');
  });
});
