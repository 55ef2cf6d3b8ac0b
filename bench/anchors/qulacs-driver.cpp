// qpo's driver for the qulacs anchor (our code; it only calls qulacs's csim C API, compiled from the
// user's qulacs checkout by bench/anchors/build.ts). Prints one JSON line: the wall and CPU seconds
// (CPU: the whole process, all threads) of each round after a warm-up round.
//
//   qulacs-driver ra <n> <reps> <linear|reverse_linear> <rounds>   RealAmplitudes: RY layers and CX chains
//   qulacs-driver ry <n> <layers> <rounds>                         RY on every qubit, `layers` times
//   qulacs-driver cx <n> <layers> <rounds>                         CX(q, q+1) for every q, `layers` times
//
// Threads: OMP_NUM_THREADS (qulacs parallelises a gate above its own size threshold).
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "csim/init_ops.hpp"
#include "csim/memory_ops.hpp"
#include "csim/update_ops.hpp"

static double seconds(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: qulacs-driver ra <n> <reps> <entanglement> <rounds> | ry|cx <n> <layers> <rounds>\n");
    return 2;
  }
  const char* mode = argv[1];
  const UINT n = (UINT)std::atoi(argv[2]);
  const int count = std::atoi(argv[3]);
  const bool ra = std::strcmp(mode, "ra") == 0;
  const bool reverse = ra && std::strcmp(argv[4], "reverse_linear") == 0;
  const int rounds = std::atoi(argv[ra ? 5 : 4]);
  const ITYPE dim = 1ULL << n;
  CTYPE* state = allocate_quantum_state(dim);
  std::vector<double> wall, cpu;
  for (int r = 0; r < rounds + 1; r++) {  // round 0 touches the pages and warms up; not reported
    // The timed round starts from |0...0> as qpo's run does: setting the state is inside it.
    const double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    initialize_quantum_state(state, dim);
    int p = 0;
    if (ra) {
      for (int rep = 0; rep <= count; rep++) {
        for (UINT q = 0; q < n; q++) RY_gate(q, 0.05 * p++ + 0.1, state, dim);
        if (rep == count) break;
        for (UINT j = 0; j + 1 < n; j++) {
          UINT q = reverse ? n - 2 - j : j;
          CNOT_gate(q, q + 1, state, dim);
        }
      }
    } else if (std::strcmp(mode, "ry") == 0) {
      for (int l = 0; l < count; l++)
        for (UINT q = 0; q < n; q++) RY_gate(q, 0.1 * (q + 1) + l, state, dim);
    } else {
      for (int l = 0; l < count; l++)
        for (UINT q = 0; q + 1 < n; q++) CNOT_gate(q, q + 1, state, dim);
    }
    const double w1 = seconds(CLOCK_MONOTONIC), c1 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    if (r == 0) continue;
    wall.push_back(w1 - w0);
    cpu.push_back(c1 - c0);
  }
  std::printf("{\"wall\":[");
  for (size_t i = 0; i < wall.size(); i++) std::printf("%s%.6f", i ? "," : "", wall[i]);
  std::printf("],\"cpu\":[");
  for (size_t i = 0; i < cpu.size(); i++) std::printf("%s%.6f", i ? "," : "", cpu[i]);
  std::printf("]}\n");
  release_quantum_state(state);
  return 0;
}
