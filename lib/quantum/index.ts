/**
 * The quantum core: circuit IR, gates, state-vector simulator, sampling, diagonal-observable
 * expectation and CVaR, ansätze and QAOA. Pure: no I/O, no AWS, no node: imports.
 */
export * from './circuit';
export * from './observable';
export * from './errors';
export * from './gates';
export * from './builder';
export * from './kernels';
export * from './statevector';
export * from './compiled';
export * from './blocked';
export { WASM_MAX_QUBITS, wasmKernelsAvailable, allocateWasmState, attachWasmState, wasmKernelsOf, coefficientOffset, REPRESENTATIONS, type WasmState, type Representation, type RepresentationInfo } from './wasm';
export { KernelProgram, isRealCircuit, REAL_GATES, allocateEngineMemory, attachEngineMemory, writeProbabilities, toComplex64, fromComplex64, resetView, type StateView, type EngineMemory, type EngineLayout } from './engine';
export * from './dispatch';
export * from './random';
export * from './sampling';
export * from './expectation';
export * from './ansatz';
export * from './qaoa';
export * from './dicke';
export * from './weight-subspace';
export * from './givens-ansatz';
export * from './subspace-simulator';
export * from './qaoa-subspace';
export * from './cvar-gradient';
export * from './stats';
export * from './qasm3';
export * from './ports';
export * from './simulator';
export * from './simulation';
export * from './qasm-errors';
export * from './qasm-import';
export * from './measured';
export * from './draw';
