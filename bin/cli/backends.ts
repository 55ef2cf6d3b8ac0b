/** `qpo backends`: every configured quantum backend with status, queue, qubits and price. */
import { Command } from 'commander';
import Table from 'cli-table3';
import { listBackends, type BackendInfo } from '../../lib/backends';
import { backendEnvironment } from '../../lib/backends/environment';

export function renderBackends(rows: readonly BackendInfo[]): string {
  const table = new Table({
    head: ['Backend', 'Kind', 'Status', 'Queue', 'Qubits', 'Price'],
    colAligns: ['left', 'left', 'left', 'right', 'right', 'left'],
    style: { head: [], border: [] },
  });
  for (const b of rows) table.push([b.name, b.kind, b.status, b.provider === 'braket' && b.detail ? b.detail : String(b.queueDepth), String(b.qubits), b.price]);
  const notes = rows.filter((b) => b.status.startsWith('error')).map((b) => `${b.name}: ${b.detail ?? ''}`);
  return [table.toString(), ...notes].join('\n');
}

export function backendsCommand(): Command {
  return new Command('backends')
    .description('List the configured quantum backends (local; IBM Quantum with QPO_IBM_API_KEY + QPO_IBM_INSTANCE_CRN; Amazon Braket with QPO_BRAKET_BUCKET)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const rows = await listBackends(backendEnvironment(process.env));
      process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : `${renderBackends(rows)}\n`);
    });
}
