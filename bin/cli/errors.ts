/** Print any error for a person: code, field (as the flag that sets it) and message; no stack for user mistakes. */
import { describeError } from '../../lib/jobs/errors';
import { FLAG_OF_PATH } from './flags';

/** Write the error to stderr and return the process exit code (2 for bad input, 1 otherwise). */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  const d = describeError(error);
  const flag = d.body.path ? FLAG_OF_PATH[d.body.path] : undefined;
  const lines = d.body.message.split('\n').map((line) => {
    const m = /^([\w.]+): /.exec(line);
    const f = m ? FLAG_OF_PATH[m[1]!] : undefined;
    return f ? `${m![1]} (${f}): ${line.slice(m![0].length)}` : line;
  });
  stderr.write(`error [${d.body.code}]${flag && lines.length === 1 && !lines[0]!.includes(`(${flag})`) ? ` ${flag}:` : ''} ${lines.join('\n  ')}\n`);
  if (!d.userError) {
    if (process.env.QPO_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
    else stderr.write('(an internal error; set QPO_DEBUG=1 for the stack trace)\n');
  }
  return d.exitCode;
}
