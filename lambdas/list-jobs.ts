/**
 * GET /jobs: the job index, newest first. Query parameters: `status` (running, succeeded, failed,
 * cancelled; comma-separated), `since` / `until` (ISO 8601 date or date-time), `solver` (auto,
 * quantum, classical, exact, vqe, qaoa, annealing), `fallback` (activated, none or a reason),
 * `limit` (1-100, default 50), `nextToken` (from the previous page). 200 `{ jobs, nextToken }`;
 * 400 naming a bad parameter. Never reads a result body.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { parseJobQuery, type JobIndex } from '../lib/jobs/job-index';
import { errorResponse, json } from './shared/http';
import { jobIndex } from './shared/jobs';
import { functionEnv, wrap } from './shared/runtime';

export function createListJobsHandler(deps: { index: JobIndex }) {
  return async (event: APIGatewayProxyEvent) => {
    try {
      const page = await deps.index.list(parseJobQuery({ ...(event.queryStringParameters ?? {}) }));
      return json(200, page);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

let live: ReturnType<typeof createListJobsHandler> | undefined;
export const handler = wrap(async (event: APIGatewayProxyEvent) => {
  live ??= createListJobsHandler({ index: jobIndex(functionEnv('list-jobs').JOBS_TABLE) });
  return live(event);
});
