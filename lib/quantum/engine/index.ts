/**
 * The simulation engine: state representations (complex / real amplitudes, float64 / float32) in
 * WebAssembly memory, gate fusion and the programs that run the generic kernels.
 */
export * from './fusion';
export * from './coefficients';
export * from './matrix';
export * from './program';
export * from './memory';
export * from './product';
export * from './angles';
