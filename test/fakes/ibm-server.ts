/**
 * A fake IBM Quantum Platform (IAM token endpoint + Qiskit Runtime REST API, Sampler V2) on
 * 127.0.0.1, implementing ../shared/contracts/ibm-quantum.md: it checks the request shapes
 * (Bearer token from its own IAM, Service-CRN, IBM-API-Version, the job body and PUB format, that
 * circuits are ISA on the coupling map) and executes the submitted OpenQASM 3 with our simulator.
 * Faults are injected per test: expired tokens, 429 / 5xx on the next calls, failed jobs,
 * cancellation with reason code 1305, jobs that never finish, readout error; and per call (route
 * names in IBM_CALLS) any fault of http-server.ts: hang, drop, 5xx, 429 with Retry-After, malformed
 * JSON, a truncated body.
 *
 * With `timing` (FakeIbmTiming) it also models the limits that decide whether a run finishes
 * (issue 11), on a clock `timeScale` times a provider's: the creation limit of `POST /v1/jobs`
 * (5 per minute per user: a 429 with Retry-After past it); a queue wait for every job outside an
 * active session (the device's queue length times `queueSecondsPerJob`); Runtime sessions
 * (`POST /v1/sessions`, `PATCH` graceful close, `DELETE .../close` hard close) that wait the queue
 * once and then run their jobs at once while active, going inactive after `interactiveTtlSeconds`
 * without a job and closing at `max_ttl`; run time proportional to shots times bindings (2 s + 250 us
 * per shot, as IBM bills); and the instance's usage (`GET /v1/usage`) against `usageLimitSeconds`.
 * Without `timing`, jobs advance by polls (Queued, Running, done) as before.
 */
import { createRng } from '../../lib/quantum/random';
import { executeShots } from './execute';
import { startJsonServer, type FakeServer, type Reply, type Request, type Route } from './http-server';
import { parseQasm3 } from './qasm3-reader';

export const FAKE_API_KEY = 'fake-ibm-api-key-0123456789';

/** The calls of the platform, by route name (for `inject`). */
export const IBM_CALLS = ['iam-token', 'list-backends', 'backend-status', 'backend-configuration', 'create-job', 'list-jobs', 'get-job', 'job-metrics', 'job-results', 'cancel-job'] as const;
/** The calls of sessions and usage (timing model; not in the fault matrix's table). */
export const IBM_SESSION_CALLS = ['create-session', 'get-session', 'close-session', 'cancel-session', 'usage'] as const;
export type IbmCall = (typeof IBM_CALLS)[number];
export const FAKE_CRN = 'crn:v1:bluemix:public:quantum-computing:us-east:a/abc123:inst-42::';

export interface FakeDevice {
  readonly name: string;
  readonly qubits: number;
  readonly status: 'online' | 'paused' | 'offline';
  readonly queueLength: number;
  readonly basisGates: readonly string[];
  readonly couplingMap: readonly (readonly [number, number])[];
  readonly maxShots?: number;
  /** Outcome of every job on this device when no fault is queued (default 'complete'). */
  readonly jobOutcome?: JobOutcome;
  /**
   * Calibration data of GET /v1/backends/{id}/properties: per qubit P(read 1 | 0) and P(read 0 | 1)
   * (prob_meas1_prep0, prob_meas0_prep1); without it the properties list T1 / T2 only.
   */
  readonly readout?: (qubit: number) => readonly [number, number];
}

export type JobOutcome = 'complete' | 'fail' | 'cancel-1305' | 'never-finish';

/** Provider limits and durations, in provider seconds, on a clock `timeScale` times faster. */
export interface FakeIbmTiming {
  /** Real seconds per provider second (e.g. 0.025: a 20 s queue takes 0.5 s). */
  readonly timeScale: number;
  /** Queue wait of a job outside an active session per job in the device's queue. @default 5 */
  readonly queueSecondsPerJob?: number;
  /** Job creations per minute per user. @default 5 */
  readonly jobsPerMinute?: number;
  /** A session goes inactive after this long without a job. @default 60 */
  readonly interactiveTtlSeconds?: number;
  /** Quantum seconds the instance may use in its period. @default none */
  readonly usageLimitSeconds?: number;
}

export interface FakeSession {
  readonly id: string;
  readonly backend: string;
  readonly mode: string;
  readonly createdMs: number;
  readonly maxTtlSeconds: number;
  acceptingJobs: boolean;
  /** Real ms when its first job started running (the session became active), or null. */
  activatedMs: number | null;
  /** Real ms of the last job's end (for the interactive TTL). */
  lastActivityMs: number;
  closedMs: number | null;
  jobs: string[];
}

export interface IbmFaults {
  /** Status codes returned by the next API calls (after auth), in order, e.g. [429, 503]. */
  nextApiStatuses: number[];
  /** Outcome of the next jobs, in order; default 'complete'. */
  jobOutcomes: JobOutcome[];
  /** Seconds a token lives (expires_in). */
  tokenLifetimeSeconds: number;
  /** Probability that a measured bit is read flipped. */
  readoutError: number;
  /**
   * Error replies echo the whole request (as some gateways do): method, path, headers with the
   * bearer token, the raw body and the body in base64.
   */
  echoRequests: boolean;
  /** Status every job creation is answered with (an error reply), instead of creating the job. */
  createJobStatus: number | undefined;
  /** API keys IAM accepts (replace to rotate the key). */
  apiKeys: string[];
}

interface FakeJob {
  id: string;
  backend: string;
  outcome: JobOutcome;
  polls: number;
  cancelled: boolean;
  created: string;
  samples: string[][];
  numBits: number;
  broadcast: boolean;
  body: Record<string, unknown>;
  tags: string[];
  /** Shots of the job (all parameter sets). */
  shots: number;
  /** Timing model: real ms when it starts running and when it ends; its session. */
  createdMs: number;
  runAtMs?: number;
  doneAtMs?: number;
  sessionId?: string;
  quantumSeconds: number;
  billed?: boolean;
}

export interface FakeIbm extends FakeServer {
  readonly faults: IbmFaults;
  readonly jobs: FakeJob[];
  /** Number of IAM token exchanges served. */
  tokenExchanges(): number;
  /** Make every token issued so far invalid (as if it expired). */
  expireAllTokens(): void;
  /** Jobs still queued or running (neither finished nor cancelled). */
  openJobs(): FakeJob[];
  /** A job's status as the API reports it now. */
  statusOfJob(job: FakeJob): string;
  /** Sessions created (timing model). */
  readonly sessions: FakeSession[];
  /** Sessions neither closed nor expired. */
  openSessions(): FakeSession[];
  /** What GET /v1/sessions/{id} answers as `elapsed_time`: provider seconds from activation to close (or now). */
  sessionElapsedSeconds(id: string): number;
  /** 429s answered for the creation limit. */
  rateLimited(): number;
  /** Quantum seconds used by the instance. */
  usageSeconds(): number;
}

const heavyLine = (n: number): [number, number][] => Array.from({ length: n - 1 }, (_, i) => [[i, i + 1], [i + 1, i]] as [number, number][]).flat();

/** Default devices: a 12-qubit Heron-like (cz) with a line coupling and a busier 7-qubit Eagle-like (ecr, directed). */
export const DEFAULT_DEVICES: FakeDevice[] = [
  { name: 'fake_fez', qubits: 12, status: 'online', queueLength: 3, basisGates: ['cz', 'id', 'rz', 'sx', 'x'], couplingMap: heavyLine(12), maxShots: 100_000, readout: (q) => [0.01 + 0.01 * (q % 4), 0.03 + 0.02 * (q % 3)] },
  { name: 'fake_brisbane', qubits: 7, status: 'online', queueLength: 40, basisGates: ['ecr', 'id', 'rz', 'sx', 'x'], couplingMap: Array.from({ length: 6 }, (_, i) => [i, i + 1] as [number, number]), maxShots: 100_000 },
  { name: 'fake_offline', qubits: 27, status: 'offline', queueLength: 0, basisGates: ['cz', 'rz', 'sx', 'x'], couplingMap: heavyLine(27) },
];

const err = (status: number, code: string, message: string): Reply => ({ status, body: { trace: `trace-${code}`, errors: [{ code, message, more_info: 'https://quantum.cloud.ibm.com/docs/errors' }] } });

/** The request as an echoing gateway would print it back. */
const echoOf = (req: Request): string =>
  ` (request: ${req.method} ${req.path} headers=${JSON.stringify(req.headers)} body=${req.body} body-base64=${Buffer.from(req.body).toString('base64')})`;

export async function startFakeIbm(devices: readonly FakeDevice[] = DEFAULT_DEVICES, seed = 1, options: { apiKey?: string; timing?: FakeIbmTiming } = {}): Promise<FakeIbm> {
  const timing = options.timing;
  const scaleMs = (seconds: number) => seconds * (timing?.timeScale ?? 1) * 1000;
  const sessions: FakeSession[] = [];
  const creations: number[] = [];
  let limited = 0;
  let usedSeconds = 0;
  /** Provider seconds from the session's activation (its first job running) to its close, or now. */
  const sessionElapsedSeconds = (s: FakeSession, now = Date.now()): number =>
    s.activatedMs === null || s.activatedMs > now ? 0 : Number((((s.closedMs ?? now) - s.activatedMs) / 1000 / (timing?.timeScale ?? 1)).toFixed(3));
  const sessionState = (s: FakeSession, now = Date.now()): 'open' | 'active' | 'inactive' | 'closed' => {
    if (s.closedMs !== null || now >= s.createdMs + scaleMs(s.maxTtlSeconds)) return 'closed';
    if (!s.acceptingJobs && s.jobs.every((id) => ['Completed', 'Failed', 'Cancelled'].includes(statusOf(findJob(id)!).status))) {
      s.closedMs = now;
      return 'closed';
    }
    if (s.activatedMs === null || s.activatedMs > now) return 'open';
    const busy = s.jobs.some((id) => { const j = findJob(id)!; return (j.doneAtMs ?? 0) > now && !j.cancelled; });
    return busy || now - s.lastActivityMs <= scaleMs(timing?.interactiveTtlSeconds ?? 60) ? 'active' : 'inactive';
  };
  const faults: IbmFaults = { nextApiStatuses: [], jobOutcomes: [], tokenLifetimeSeconds: 3600, readoutError: 0, apiKeys: [options.apiKey ?? FAKE_API_KEY], echoRequests: false, createJobStatus: undefined };
  const tokens = new Map<string, number>(); // token -> expiry ms
  const jobs: FakeJob[] = [];
  const rng = createRng(seed);
  let exchanges = 0;

  const authorize = (req: Request): Reply | null => {
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !tokens.has(token) || tokens.get(token)! < Date.now()) return err(401, '1201', 'Invalid or expired token');
    if (req.headers['service-crn'] !== FAKE_CRN) return err(401, '1201', 'Service-CRN does not match an instance');
    const version = String(req.headers['ibm-api-version'] ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version) || version < '2025-01-01') return err(400, '1000', `IBM-API-Version '${version}' is missing or too old`);
    const injected = faults.nextApiStatuses.shift();
    if (injected !== undefined) return err(injected, injected === 429 ? '1202' : '5000', `${injected === 429 ? 'Too many requests' : 'Internal error'}${faults.echoRequests ? echoOf(req) : ''}`);
    return null;
  };
  const device = (name: string) => devices.find((d) => d.name === name);
  const api = (handler: (req: Request) => Reply): Route[2] => (req) => authorize(req) ?? handler(req);

  const createJob = (req: Request): Reply => {
    if (faults.createJobStatus !== undefined) return err(faults.createJobStatus, '1000', `job rejected${faults.echoRequests ? echoOf(req) : ''}`);
    const now = Date.now();
    if (timing) {
      const windowMs = scaleMs(60);
      while (creations.length > 0 && creations[0]! <= now - windowMs) creations.shift();
      if (creations.length >= (timing.jobsPerMinute ?? 5)) {
        limited++;
        const after = Math.max(1, Math.ceil((creations[0]! + windowMs - now) / 1000));
        return { ...err(429, '1202', 'Too many requests: this request is rate limited to 5 jobs per minute per user'), headers: { 'Retry-After': String(after) } };
      }
      if (timing.usageLimitSeconds !== undefined && usedSeconds >= timing.usageLimitSeconds) return err(403, '4317', 'The instance has reached its usage limit for this period');
    }
    const body = JSON.parse(req.body) as { program_id?: unknown; backend?: unknown; params?: { pubs?: unknown; version?: unknown; options?: unknown } };
    if (req.headers['content-type'] !== 'application/json') return err(400, '1000', 'Content-Type must be application/json');
    if (body.program_id !== 'sampler') return err(400, '1000', `program_id must be 'sampler'`);
    const d = device(String(body.backend));
    if (!d) return err(404, '1007', `backend ${String(body.backend)} not found`);
    if (d.status !== 'online') return err(400, '1004', `backend ${d.name} is not available`);
    if (body.params?.version !== 2) return err(400, '1000', 'params.version must be 2');
    const pubs = body.params?.pubs;
    if (!Array.isArray(pubs) || pubs.length !== 1) return err(400, '1000', 'params.pubs must be a list of PUBs (this fake takes exactly one)');
    const [qasm, values, shots] = pubs[0] as [unknown, unknown, unknown];
    if (typeof qasm !== 'string' || !qasm.startsWith('OPENQASM 3.0;')) return err(400, '1000', 'PUB circuit must be OpenQASM 3 text');
    if (!Number.isInteger(shots) || (shots as number) < 1 || (shots as number) > (d.maxShots ?? 100_000)) return err(400, '1000', 'PUB shots out of range');
    let program;
    try { program = parseQasm3(qasm); } catch (e) { return err(400, '1000', `OpenQASM 3 import failed: ${(e as Error).message}`); }
    for (const g of program.gateNames) if (!d.basisGates.includes(g)) return err(400, '1517', `circuit is not ISA: gate '${g}' is not in ${d.name}'s basis`);
    for (const [, a, b] of program.twoQubitPairs) if (!d.couplingMap.some(([x, y]) => x === a && y === b)) return err(400, '1517', `circuit is not ISA: ($${a}, $${b}) is not on the coupling map`);
    if (!program.physicalQubits) return err(400, '1517', 'circuit is not ISA: it must use physical qubits');
    // Qiskit binds positional values in the circuit's parameter order: sorted by name.
    const names = [...program.inputs].sort();
    const rows: number[][] = values === null ? [[]] : (values as number[][]);
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r) || r.length !== names.length)) return err(400, '1000', `parameter values must be a list of rows of ${names.length} values`);
    const samples = rows.map((row) => executeShots(program, Object.fromEntries(names.map((n, i) => [n, row[i]!])), { shots: shots as number, rng, readoutError: faults.readoutError })
      .map((v) => `0x${v.toString(16)}`));
    const tags = Array.isArray((body as { tags?: unknown }).tags) ? ((body as { tags: unknown[] }).tags.map(String)) : [];
    const sessionId = (body as { session_id?: unknown }).session_id;
    const session = typeof sessionId === 'string' ? sessions.find((s) => s.id === sessionId) : undefined;
    if (sessionId !== undefined && sessionId !== null) {
      if (!session) return err(404, '1216', `session ${String(sessionId)} not found`);
      if (session.backend !== d.name) return err(400, '1217', `session ${session.id} runs on ${session.backend}, not ${d.name}`);
      if (!session.acceptingJobs || sessionState(session, now) === 'closed') return err(409, '1218', `session ${session.id} is closed and accepts no jobs`);
    }
    const totalShots = (shots as number) * rows.length;
    const quantumSeconds = 2 + totalShots * 250e-6;
    if (timing) creations.push(now);
    let runAtMs: number | undefined;
    let doneAtMs: number | undefined;
    if (timing) {
      const state = session ? sessionState(session, now) : 'none';
      // Outside an active session every job waits the device's queue; in one, it runs at once.
      const wait = state === 'active' ? 0 : scaleMs(d.queueLength * (timing.queueSecondsPerJob ?? 5));
      // a session runs one job at a time: after the previous one
      const previous = session ? Math.max(0, ...session.jobs.map((id) => findJob(id)!.doneAtMs ?? 0)) : 0;
      runAtMs = Math.max(now + wait, previous);
      doneAtMs = runAtMs + scaleMs(quantumSeconds);
      if (session) {
        if (state !== 'active') session.activatedMs = runAtMs;
        session.lastActivityMs = doneAtMs;
      }
    }
    const job: FakeJob = { id: `job-${jobs.length + 1}`, backend: d.name, outcome: faults.jobOutcomes.shift() ?? d.jobOutcome ?? 'complete', polls: 0, cancelled: false, created: new Date().toISOString(), samples, numBits: program.numClbits, broadcast: values !== null, body: body as Record<string, unknown>, tags, shots: totalShots,
      createdMs: now, quantumSeconds, ...(runAtMs === undefined ? {} : { runAtMs, doneAtMs: doneAtMs! }), ...(session ? { sessionId: session.id } : {}) };
    jobs.push(job);
    session?.jobs.push(job.id);
    return { status: 200, body: { id: job.id, session_id: session?.id ?? null } };
  };

  const statusOf = (job: FakeJob): { status: string; reason: string | null; reason_code: number | null } => {
    if (job.cancelled) return { status: 'Cancelled', reason: 'cancelled by user', reason_code: null };
    if (job.runAtMs !== undefined) {
      const now = Date.now();
      if (now < job.runAtMs || job.outcome === 'never-finish') return { status: now < job.runAtMs ? 'Queued' : 'Running', reason: null, reason_code: null };
      if (now < job.doneAtMs!) return { status: 'Running', reason: null, reason_code: null };
      if (job.outcome === 'fail') return { status: 'Failed', reason: 'Error in transpilation process. [1517]', reason_code: 1517 };
      if (job.outcome === 'cancel-1305') return { status: 'Cancelled', reason: 'Ran too long', reason_code: 1305 };
      if (!job.billed) { job.billed = true; usedSeconds += job.quantumSeconds; }
      return { status: 'Completed', reason: null, reason_code: null };
    }
    if (job.outcome === 'never-finish') return { status: job.polls < 2 ? 'Queued' : 'Running', reason: null, reason_code: null };
    if (job.polls < 1) return { status: 'Queued', reason: null, reason_code: null };
    if (job.polls < 2) return { status: 'Running', reason: null, reason_code: null };
    if (job.outcome === 'fail') return { status: 'Failed', reason: 'Error in transpilation process. [1517]', reason_code: 1517 };
    if (job.outcome === 'cancel-1305') return { status: 'Cancelled', reason: 'Ran too long', reason_code: 1305 };
    return { status: 'Completed', reason: null, reason_code: null };
  };
  const findJob = (id: string) => jobs.find((j) => j.id === id);

  const routes: Route[] = [
    ['POST', /^\/identity\/token$/, (req) => {
      const form = new URLSearchParams(req.body);
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return { status: 400, body: { errorCode: 'BXNIM0109E', errorMessage: 'bad content type' } };
      if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey') return { status: 400, body: { errorCode: 'BXNIM0109E', errorMessage: 'unsupported grant_type' } };
      if (!faults.apiKeys.includes(form.get('apikey') ?? '')) return { status: 400, body: { errorCode: 'BXNIM0415E', errorMessage: `Provided API key could not be found: ${form.get('apikey')}${faults.echoRequests ? echoOf(req) : ''}` } };
      exchanges++;
      const token = `tok-${exchanges}-${Math.floor(rng.next() * 1e9)}`;
      tokens.set(token, Date.now() + faults.tokenLifetimeSeconds * 1000);
      return { status: 200, body: { access_token: token, refresh_token: `refresh-${token}`, token_type: 'Bearer', expires_in: faults.tokenLifetimeSeconds, expiration: Math.floor(Date.now() / 1000) + faults.tokenLifetimeSeconds } };
    }, 'iam-token'],
    ['GET', /^\/api\/v1\/backends$/, api(() => ({ status: 200, body: { devices: devices.map((d) => ({ name: d.name, status: { name: d.status, reason: null }, is_simulator: false, qubits: d.qubits, queue_length: d.queueLength, processor_type: { family: 'Fake', revision: '1' } })) } })), 'list-backends'],
    ['GET', /^\/api\/v1\/backends\/([^/]+)\/status$/, api((req) => {
      const d = device(req.params[0]!);
      return d ? { status: 200, body: { state: d.status === 'online', status: d.status === 'online' ? 'active' : d.status, message: '', length_queue: d.queueLength } } : err(404, '1007', 'backend not found');
    }), 'backend-status'],
    ['GET', /^\/api\/v1\/backends\/([^/]+)\/configuration$/, api((req) => {
      const d = device(req.params[0]!);
      return d ? { status: 200, body: { backend_name: d.name, n_qubits: d.qubits, basis_gates: d.basisGates, coupling_map: d.couplingMap, max_shots: d.maxShots ?? 100_000, simulator: false, supported_instructions: [...d.basisGates, 'measure', 'delay'] } } : err(404, '1007', 'backend not found');
    }), 'backend-configuration'],
    ['GET', /^\/api\/v1\/backends\/([^/]+)\/properties$/, api((req) => {
      const d = device(req.params[0]!);
      if (!d) return err(404, '1007', 'backend not found');
      const date = '2026-12-07T00:00:00Z';
      const qubits = Array.from({ length: d.qubits }, (_, q) => {
        const base = [{ date, name: 'T1', unit: 'us', value: 150 + q }, { date, name: 'T2', unit: 'us', value: 90 + q }];
        if (!d.readout) return base;
        const [e10, e01] = d.readout(q);
        return [...base, { date, name: 'readout_error', unit: '', value: (e10 + e01) / 2 }, { date, name: 'prob_meas0_prep1', unit: '', value: e01 }, { date, name: 'prob_meas1_prep0', unit: '', value: e10 }];
      });
      return { status: 200, body: { backend_name: d.name, backend_version: '1.0.0', last_update_date: date, qubits, gates: [], general: [] } };
    }), 'backend-properties'],
    ['POST', /^\/api\/v1\/jobs$/, api(createJob), 'create-job'],
    // GET /v1/jobs: the jobs carrying every one of the `tags` given (qiskit-ibm-runtime jobs_get), newest first.
    ['GET', /^\/api\/v1\/jobs$/, api((req) => {
      const wanted = req.query.getAll('tags');
      const limit = Number(req.query.get('limit') ?? 10);
      const matching = jobs.filter((j) => wanted.every((t) => j.tags.includes(t))).reverse();
      return { status: 200, body: { jobs: matching.slice(0, limit).map((j) => ({ id: j.id, backend: j.backend, status: statusOf(j).status, state: statusOf(j), tags: j.tags, created: j.created })), count: matching.length, limit, offset: 0 } };
    }), 'list-jobs'],
    ['GET', /^\/api\/v1\/jobs\/([^/]+)$/, api((req) => {
      const job = findJob(req.params[0]!);
      if (!job) return err(404, '1291', 'job not found');
      const state = statusOf(job);
      job.polls++;
      const billed = job.runAtMs === undefined ? 2 : job.quantumSeconds;
      return { status: 200, body: { id: job.id, backend: job.backend, status: state.status, state, program: { id: 'sampler' }, created: job.created, cost: 600, session_id: job.sessionId ?? null, tags: job.tags, usage: { seconds: state.status === 'Completed' ? billed : 0 } } };
    }), 'get-job'],
    ['GET', /^\/api\/v1\/jobs\/([^/]+)\/metrics$/, api((req) => {
      const job = findJob(req.params[0]!);
      if (!job) return err(404, '1291', 'job not found');
      if (job.runAtMs !== undefined) {
        const iso = (ms: number) => (ms <= Date.now() ? new Date(ms).toISOString() : null);
        return { status: 200, body: { timestamps: { created: job.created, running: iso(job.runAtMs), finished: iso(job.doneAtMs!) }, usage: { quantum_seconds: job.quantumSeconds, seconds: job.quantumSeconds }, num_circuits: 1 } };
      }
      const t0 = Date.parse(job.created);
      return { status: 200, body: { timestamps: { created: job.created, running: new Date(t0 + 1500).toISOString(), finished: new Date(t0 + 3500).toISOString() }, usage: { quantum_seconds: 2, seconds: 2 }, num_circuits: 1 } };
    }), 'job-metrics'],
    ['GET', /^\/api\/v1\/jobs\/([^/]+)\/results$/, api((req) => {
      const job = findJob(req.params[0]!);
      if (!job || statusOf(job).status !== 'Completed') return err(404, '1291', 'results not found');
      const samples = job.broadcast ? job.samples : job.samples[0];
      // The real service returns text/plain JSON; the client must parse text.
      return { status: 200, headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ results: [{ data: { c: { samples, num_bits: job.numBits } }, metadata: { circuit_metadata: {} } }], metadata: { execution: { execution_spans: [] }, version: 2 } }) };
    }), 'job-results'],
    ['POST', /^\/api\/v1\/sessions$/, api((req) => {
      const b = JSON.parse(req.body || '{}') as { mode?: unknown; backend?: unknown; instance?: unknown; max_ttl?: unknown };
      const d = device(String(b.backend));
      if (!d) return err(404, '1007', `backend ${String(b.backend)} not found`);
      if (b.mode !== 'dedicated' && b.mode !== 'batch') return err(400, '1000', "mode must be 'dedicated' or 'batch'");
      const maxTtl = typeof b.max_ttl === 'number' && b.max_ttl > 0 ? b.max_ttl : 28_800;
      const s: FakeSession = { id: `session-${sessions.length + 1}`, backend: d.name, mode: b.mode, createdMs: Date.now(), maxTtlSeconds: maxTtl, acceptingJobs: true, activatedMs: null, lastActivityMs: Date.now(), closedMs: null, jobs: [] };
      sessions.push(s);
      return { status: 200, body: { id: s.id, mode: s.mode, backend_name: s.backend, state: 'open', accepting_jobs: true, max_ttl: maxTtl, interactive_ttl: timing?.interactiveTtlSeconds ?? 60 } };
    }), 'create-session'],
    ['GET', /^\/api\/v1\/sessions\/([^/]+)$/, api((req) => {
      const s = sessions.find((x) => x.id === req.params[0]);
      if (!s) return err(404, '1216', 'session not found');
      const state = sessionState(s);
      return { status: 200, body: { id: s.id, mode: s.mode, backend_name: s.backend, state, accepting_jobs: s.acceptingJobs, max_ttl: s.maxTtlSeconds, interactive_ttl: timing?.interactiveTtlSeconds ?? 60, elapsed_time: sessionElapsedSeconds(s) } };
    }), 'get-session'],
    ['PATCH', /^\/api\/v1\/sessions\/([^/]+)$/, api((req) => {
      const s = sessions.find((x) => x.id === req.params[0]);
      if (!s) return err(404, '1216', 'session not found');
      const b = JSON.parse(req.body || '{}') as { accepting_jobs?: unknown };
      if (b.accepting_jobs !== false) return err(400, '1000', 'only {"accepting_jobs": false} is supported');
      s.acceptingJobs = false;
      sessionState(s);
      return { status: 204 };
    }), 'close-session'],
    ['DELETE', /^\/api\/v1\/sessions\/([^/]+)\/close$/, api((req) => {
      const s = sessions.find((x) => x.id === req.params[0]);
      if (!s) return err(404, '1216', 'session not found');
      for (const id of s.jobs) { const j = findJob(id)!; if (!['Completed', 'Failed', 'Cancelled'].includes(statusOf(j).status)) j.cancelled = true; }
      s.acceptingJobs = false;
      s.closedMs ??= Date.now();
      return { status: 204 };
    }), 'cancel-session'],
    ['GET', /^\/api\/v1\/usage$/, api(() => {
      const limit = timing?.usageLimitSeconds ?? null;
      const now = new Date();
      return { status: 200, body: {
        instance_id: FAKE_CRN, plan_id: limit === null ? 'pay-as-you-go' : 'open',
        usage_consumed_seconds: Number(usedSeconds.toFixed(3)), usage_limit_seconds: limit,
        usage_remaining_seconds: limit === null ? null : Math.max(0, Number((limit - usedSeconds).toFixed(3))),
        usage_limit_reached: limit !== null && usedSeconds >= limit,
        usage_period: { start_time: new Date(now.getTime() - 14 * 86_400_000).toISOString(), end_time: new Date(now.getTime() + 14 * 86_400_000).toISOString() },
      } };
    }), 'usage'],
    ['POST', /^\/api\/v1\/jobs\/([^/]+)\/cancel$/, api((req) => {
      const job = findJob(req.params[0]!);
      if (!job) return err(404, '1291', 'job not found');
      job.cancelled = true;
      return { status: 204 };
    }), 'cancel-job'],
  ];
  const server = await startJsonServer(() => routes, {
    errorReply: (status, retryAfter) => ({ ...err(status, status === 429 ? '1202' : '5000', status === 429 ? 'Too many requests' : 'Internal error'), ...(retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } }) }),
  });
  return {
    ...server,
    faults,
    jobs,
    tokenExchanges: () => exchanges,
    expireAllTokens: () => { for (const k of tokens.keys()) tokens.set(k, 0); },
    statusOfJob: (job) => statusOf(job).status,
    sessions,
    openSessions: () => sessions.filter((s) => sessionState(s) !== 'closed'),
    sessionElapsedSeconds: (id: string) => sessionElapsedSeconds(sessions.find((s) => s.id === id)!),
    rateLimited: () => limited,
    usageSeconds: () => usedSeconds,
    openJobs: () => jobs.filter((j) => !j.cancelled && !['Completed', 'Failed', 'Cancelled'].includes(statusOf(j).status)),
  };
}
