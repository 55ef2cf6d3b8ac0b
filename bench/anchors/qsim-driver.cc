// qpo's driver for the qsim anchor (our code; it only calls qsim's headers from the user's qsim
// checkout, compiled by bench/anchors/build.ts). It reads a circuit in qsim's text format, fuses it
// with qsim's multi-qubit fuser (max fused size F) and applies it with qsim's simulator for the
// build's instruction set (AVX-512, AVX2 or SSE via simmux.h), as qsim's own qsim_base app does,
// but `rounds` times in one process after a warm-up round, timing each round's fusion and gate
// application (the zeroing of the state is not timed). Prints one JSON line: wall and CPU seconds
// of each round (CPU: the whole process, all threads).
//
//   qsim-driver <circuit file> <threads> <max fused size> <rounds>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "lib/circuit_qsim_parser.h"
#include "lib/formux.h"
#include "lib/fuser_mqubit.h"
#include "lib/io_file.h"
#include "lib/run_qsim.h"
#include "lib/simmux.h"

static double seconds(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char** argv) {
  using namespace qsim;
  if (argc < 5) {
    std::fprintf(stderr, "usage: qsim-driver <circuit file> <threads> <max fused size> <rounds>\n");
    return 2;
  }
  const std::string file = argv[1];
  const unsigned threads = std::atoi(argv[2]);
  const unsigned fused = std::atoi(argv[3]);
  const int rounds = std::atoi(argv[4]);

  Circuit<Operation<float>> circuit;
  if (!CircuitQsimParser<IOFile>::FromFile(99999999, file, circuit)) return 1;

  struct Factory {
    explicit Factory(unsigned n) : num_threads(n) {}
    using Simulator = qsim::Simulator<For>;
    using StateSpace = Simulator::StateSpace;
    StateSpace CreateStateSpace() const { return StateSpace(num_threads); }
    Simulator CreateSimulator() const { return Simulator(num_threads); }
    unsigned num_threads;
  };
  using StateSpace = Factory::StateSpace;
  using Runner = QSimRunner<IO, MultiQubitGateFuser<IO>, Factory>;

  StateSpace space = Factory(threads).CreateStateSpace();
  auto state = space.Create(circuit.num_qubits);
  if (space.IsNull(state)) {
    std::fprintf(stderr, "not enough memory\n");
    return 1;
  }
  Runner::Parameter param;
  param.max_fused_size = fused;
  param.verbosity = 0;
  std::vector<double> wall, cpu;
  for (int r = 0; r <= rounds; r++) {
    // The timed round starts from |0...0> as qpo's run does: setting the state is inside it.
    const double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    space.SetStateZero(state);
    if (!Runner::Run(param, Factory(threads), circuit, state)) return 1;
    const double w1 = seconds(CLOCK_MONOTONIC), c1 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    if (r == 0) continue;  // warm-up round
    wall.push_back(w1 - w0);
    cpu.push_back(c1 - c0);
  }
  std::printf("{\"wall\":[");
  for (size_t i = 0; i < wall.size(); i++) std::printf("%s%.6f", i ? "," : "", wall[i]);
  std::printf("],\"cpu\":[");
  for (size_t i = 0; i < cpu.size(); i++) std::printf("%s%.6f", i ? "," : "", cpu[i]);
  std::printf("]}\n");
  return 0;
}
