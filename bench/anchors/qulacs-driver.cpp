// qpo's driver for the qulacs anchor (our code; it only calls qulacs's csim C API, compiled from the
// user's qulacs checkout by bench/anchors/qulacs.ts). Prints one JSON line: the seconds of each round.
//
//   qulacs-driver ra <n> <reps> <linear|reverse_linear> <rounds>   RealAmplitudes: RY layers and CX chains
//   qulacs-driver ry <n> <layers> <rounds>                         RY on every qubit, `layers` times
//   qulacs-driver cx <n> <layers> <rounds>                         CX(q, q+1) for every q, `layers` times
//
// Threads: OMP_NUM_THREADS (qulacs parallelises a gate above its own size threshold).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "csim/init_ops.hpp"
#include "csim/memory_ops.hpp"
#include "csim/update_ops.hpp"

static double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

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
  std::vector<double> seconds;
  for (int r = 0; r < rounds + 1; r++) {  // round 0 touches the pages and warms up; not reported
    initialize_quantum_state(state, dim);
    double t0 = now();
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
    double t1 = now();
    if (r > 0) seconds.push_back(t1 - t0);
  }
  std::printf("{\"seconds\":[");
  for (size_t i = 0; i < seconds.size(); i++) std::printf("%s%.6f", i ? "," : "", seconds[i]);
  std::printf("]}\n");
  release_quantum_state(state);
  return 0;
}
