import { documentClient } from '../shared/adapters/clients.js';
import { rebuildMetrics } from '../shared/adapters/metrics-rebuild.js';
import { commandLine, targetOrExit } from './command-line.js';

// `npm run rebuild-metrics -- [--fix] [--local | --data-dir .local]`: recounts every aggregate
// from the cases table and reports the drift from the live counters (exit 1 on drift); --fix adds
// the differences. Against AWS, set CASES_TABLE_NAME and METRICS_TABLE_NAME (the stack outputs)
// and the usual AWS_PROFILE / AWS_REGION; with --data-dir (or --local), against the running
// `npm start`. Run it when the stream consumer has caught up: a change still in flight shows as drift.

const USAGE = 'usage: npm run rebuild-metrics -- [--fix] [--local | --data-dir <dir>]';

const { values } = commandLine(
  {
    options: {
      fix: { type: 'boolean', default: false },
      local: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);
targetOrExit(values, ['CASES_TABLE_NAME', 'METRICS_TABLE_NAME'], USAGE);

const casesTable = process.env.CASES_TABLE_NAME;
const metricsTable = process.env.METRICS_TABLE_NAME;
if (!casesTable || !metricsTable) {
  console.error(
    `set CASES_TABLE_NAME and METRICS_TABLE_NAME (the deployed stack's), or use --local\n${USAGE}`,
  );
  process.exit(2);
}

const report = await rebuildMetrics(documentClient(), { casesTable, metricsTable }, { fix: values.fix });
console.log(
  `recounted ${report.cases} cases, ${report.calls} call records and ${report.callbacks} callback tasks into ${report.expectedItems} aggregate items; ` +
    `the metrics table holds ${report.liveItems}`,
);
for (const d of report.drift) {
  const diff = d.live - d.expected;
  console.log(
    `  ${d.id}  ${d.counter}: live ${d.live}, recount ${d.expected} (${diff > 0 ? '+' : ''}${diff})`,
  );
}
if (report.drift.length === 0) {
  console.log('no drift');
} else {
  const items = new Set(report.drift.map((d) => d.id)).size;
  console.log(`drift: ${report.drift.length} counters on ${items} items`);
  if (values.fix) console.log(`fixed: ${report.fixed} items rewritten; run again to confirm`);
}
process.exit(report.drift.length === 0 || values.fix ? 0 : 1);
