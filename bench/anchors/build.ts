/**
 * Builds of the anchor simulators from checkouts the user provides (nothing of theirs is vendored):
 *
 * - qsim (https://github.com/quantumlib/qsim): our driver `qsim-driver.cc`, which calls qsim's
 *   headers (parser, multi-qubit fuser, simulator) as its `apps/qsim_base.cc` does, compiled with
 *   `g++ -O3 -march=native -fopenmp` (the native build: AVX-512 where the CPU has it) and again with
 *   `-mno-avx512f` (the AVX2 build).
 * - qulacs (https://github.com/qulacs/qulacs): the csim C sources its RY and CNOT need, compiled
 *   with `-O3 -march=native -fopenmp -D_USE_SIMD` (the flags of its CMake build on x86) and linked
 *   with our driver `qulacs-driver.cpp`.
 * - stream.c of the shared bench reference: `gcc -O3 -march=native -fopenmp`.
 *
 * Binaries go to a build folder keyed by the checkout path and flags, and are rebuilt when absent.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A built anchor, or why it was skipped. */
export type Built = { readonly ok: true; readonly binary: string; readonly flags: string; readonly version: string } | { readonly ok: false; readonly skipped: string };

function gitVersion(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The build directory of one anchor: keyed by checkout, flags and our driver's source (an edited driver rebuilds). */
function buildDir(root: string | undefined, key: string, driver: string): string {
  key += ` ${createHash('sha256').update(readFileSync(driver)).digest('hex')}`;
  const dir = path.join(root ?? path.join(tmpdir(), 'qpo-anchors'), createHash('sha256').update(key).digest('hex').slice(0, 12));
  mkdirSync(dir, { recursive: true });
  return dir;
}

function compile(compiler: string, args: string[], cwd?: string): void {
  execFileSync(compiler, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd, maxBuffer: 64 * 1024 * 1024 });
}

/** Whether `g++ -march=native` targets AVX-512 on this machine. */
export function nativeHasAvx512(): boolean {
  try {
    const defines = execFileSync('g++', ['-march=native', '-dM', '-E', '-x', 'c++', '/dev/null'], { encoding: 'utf8' });
    return defines.includes('__AVX512F__');
  } catch {
    return false;
  }
}

/** Our qsim driver built against a qsim checkout, native or AVX2-only. */
export function buildQsim(dir: string | undefined, avx2Only: boolean, buildRoot?: string): Built {
  if (dir === undefined) return { ok: false, skipped: 'qsim: no checkout given (--qsim-dir or QSIM_DIR); clone https://github.com/quantumlib/qsim' };
  if (!existsSync(path.join(dir, 'lib', 'run_qsim.h'))) return { ok: false, skipped: `qsim: ${path.join(dir, 'lib', 'run_qsim.h')} not found; --qsim-dir must be a qsim checkout` };
  const flags = ['-O3', '-march=native', ...(avx2Only ? ['-mno-avx512f'] : []), '-fopenmp'];
  const driver = path.join(__dirname, 'qsim-driver.cc');
  const binary = path.join(buildDir(buildRoot, `qsim ${path.resolve(dir)} ${flags.join(' ')}`, driver), 'qsim-driver');
  try {
    if (!existsSync(binary)) compile('g++', [...flags, `-I${dir}`, '-o', binary, driver]);
  } catch (error) {
    return { ok: false, skipped: `qsim: g++ failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 400)}` };
  }
  return { ok: true, binary, flags: `g++ ${flags.join(' ')}`, version: gitVersion(dir) };
}

/** The csim sources our driver needs (RY through the dense 1-qubit kernel, CNOT, state allocation). */
const CSIM_SOURCES = [
  'update_ops_pauli_single.cpp',
  'update_ops_matrix_dense_single.cpp',
  'update_ops_matrix_diagonal_single.cpp',
  'update_ops_named_X.cpp',
  'update_ops_named_Y.cpp',
  'update_ops_named_Z.cpp',
  'update_ops_named_CNOT.cpp',
  'update_ops_named_CZ.cpp',
  'utility.cpp',
  'memory_ops.cpp',
  'init_ops_fill.cpp',
  'constant.cpp',
];

/** Our driver linked with a qulacs checkout's csim. */
export function buildQulacs(dir: string | undefined, buildRoot?: string): Built {
  if (dir === undefined) return { ok: false, skipped: 'qulacs: no checkout given (--qulacs-dir or QULACS_DIR); clone https://github.com/qulacs/qulacs' };
  const csim = path.join(dir, 'src', 'csim');
  const missing = CSIM_SOURCES.find((f) => !existsSync(path.join(csim, f)));
  if (missing !== undefined) return { ok: false, skipped: `qulacs: ${path.join(csim, missing)} not found; --qulacs-dir must be a qulacs checkout` };
  const flags = ['-O3', '-march=native', '-fopenmp', '-D_USE_SIMD'];
  const driver = path.join(__dirname, 'qulacs-driver.cpp');
  const binary = path.join(buildDir(buildRoot, `qulacs ${path.resolve(dir)} ${flags.join(' ')}`, driver), 'qulacs-driver');
  try {
    if (!existsSync(binary)) compile('g++', [...flags, `-I${path.join(dir, 'src')}`, ...CSIM_SOURCES.map((f) => path.join(csim, f)), driver, '-o', binary]);
  } catch (error) {
    return { ok: false, skipped: `qulacs: g++ failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 400)}` };
  }
  return { ok: true, binary, flags: `g++ ${flags.join(' ')}`, version: gitVersion(dir) };
}

/** The STREAM-like probe (rmw_inplace: the read-modify-write pass a gate makes). */
export function buildStream(file: string | undefined, buildRoot?: string): Built {
  if (file === undefined || !existsSync(file)) return { ok: false, skipped: `stream: ${file ?? 'stream.c'} not found (--stream-c or STREAM_C)` };
  const flags = ['-O3', '-march=native', '-fopenmp'];
  const binary = path.join(buildDir(buildRoot, `stream ${path.resolve(file)} ${flags.join(' ')}`, file), 'stream');
  try {
    if (!existsSync(binary)) compile('gcc', [...flags, '-o', binary, file]);
  } catch (error) {
    return { ok: false, skipped: `stream: gcc failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 400)}` };
  }
  return { ok: true, binary, flags: `gcc ${flags.join(' ')}`, version: path.basename(file) };
}
