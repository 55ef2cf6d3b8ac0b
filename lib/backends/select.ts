/**
 * `--backend auto`: score the reachable backends and pick the best that meets the requirements.
 * Each candidate gets four scores in [0, 1], combined with weights (the presets of the QiskitJob
 * design: cost, queueTime, capability, availability):
 * - cost: relative to the cheapest candidate, (cheapest + 1) / (cost + 1) with costs in USD;
 * - queueTime: 1 / (1 + queueDepth / 10);
 * - capability: qubit headroom, min(1, qubits / (2 * required qubits));
 * - availability: 1 online, 0 otherwise (offline candidates are also filtered out).
 * Requirements: at least `minQubits` qubits and at most `maxQueue` jobs waiting.
 */
export interface BackendInfo {
  /** The `--backend` value that selects it, e.g. `local`, `ibm:ibm_fez`, `braket:sv1`. */
  readonly name: string;
  readonly provider: 'local' | 'ibm' | 'braket';
  readonly kind: 'simulator' | 'hardware';
  readonly status: string;
  readonly available: boolean;
  /** Jobs/tasks waiting (Braket `>4000` reads 4001). */
  readonly queueDepth: number;
  readonly qubits: number;
  /** Human-readable price, e.g. `$0.30/task + $0.00145/shot`. */
  readonly price: string;
  readonly detail?: string;
  /** Braket: `deviceCapabilities.action` lists `braket.ir.openqasm.program_set` (one task per batch). */
  readonly programSets?: boolean;
}

export interface Weights {
  readonly cost: number;
  readonly queueTime: number;
  readonly capability: number;
  readonly availability: number;
}

export const WEIGHT_PRESETS = {
  balanced: { cost: 0.25, queueTime: 0.25, capability: 0.25, availability: 0.25 },
  'cost-optimized': { cost: 0.6, queueTime: 0.2, capability: 0.1, availability: 0.1 },
  'speed-optimized': { cost: 0.1, queueTime: 0.6, capability: 0.1, availability: 0.2 },
  'capability-optimized': { cost: 0.1, queueTime: 0.1, capability: 0.6, availability: 0.2 },
} as const satisfies Record<string, Weights>;

export type WeightPreset = keyof typeof WEIGHT_PRESETS;

export interface Requirements {
  readonly minQubits: number;
  readonly maxQueue?: number;
}

export interface Candidate {
  readonly info: BackendInfo;
  /** Estimated cost of the whole job on it, USD. */
  readonly estimatedCostUsd: number;
}

export interface Scored extends Candidate {
  readonly score: number;
  readonly scores: Weights;
}

/** Candidates meeting the requirements, best first (ties: cheaper, then by name). */
export function rankBackends(candidates: readonly Candidate[], requirements: Requirements, weights: Weights = WEIGHT_PRESETS.balanced): Scored[] {
  const ok = candidates.filter((c) => c.info.available && c.info.qubits >= requirements.minQubits && (requirements.maxQueue === undefined || c.info.queueDepth <= requirements.maxQueue));
  const lo = Math.min(...ok.map((c) => c.estimatedCostUsd));
  return ok
    .map((c) => {
      const scores: Weights = {
        cost: (lo + 1) / (c.estimatedCostUsd + 1),
        queueTime: 1 / (1 + c.info.queueDepth / 10),
        capability: Math.min(1, c.info.qubits / (2 * Math.max(1, requirements.minQubits))),
        availability: c.info.available ? 1 : 0,
      };
      const score = weights.cost * scores.cost + weights.queueTime * scores.queueTime + weights.capability * scores.capability + weights.availability * scores.availability;
      return { ...c, score, scores };
    })
    .sort((a, b) => b.score - a.score || a.estimatedCostUsd - b.estimatedCostUsd || a.info.name.localeCompare(b.info.name));
}
