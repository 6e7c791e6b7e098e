import { reindexCases } from '../shared/adapters/case-reindex.js';
import { documentClient } from '../shared/adapters/clients.js';
import { commandLine, targetOrExit } from './command-line.js';

// `npm run reindex-cases -- [--dry-run] [--data-dir .local]`: rewrites the cases whose index
// attributes are stale (stored before an index existed). Against AWS, set CASES_TABLE_NAME (see the
// stack outputs) and the usual AWS_PROFILE / AWS_REGION; with --data-dir (or --local), against the
// running `npm start`.

const USAGE = 'usage: npm run reindex-cases -- [--dry-run] [--local | --data-dir <dir>]';

const { values } = commandLine(
  {
    options: {
      'dry-run': { type: 'boolean', default: false },
      local: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  },
  USAGE,
);
targetOrExit(values, ['CASES_TABLE_NAME'], USAGE);

const tableName = process.env.CASES_TABLE_NAME;
if (!tableName) {
  console.error(`set CASES_TABLE_NAME (the cases table of the deployed stack), or use --local\n${USAGE}`);
  process.exit(2);
}

const counts = await reindexCases(documentClient(), tableName, {
  dryRun: values['dry-run'],
  onStale: (caseId, attributes) => console.log(`${caseId}: ${attributes.join(', ')}`),
});
const verb = values['dry-run'] ? 'would reindex' : 'reindexed';
console.log(
  `examined ${counts.examined} cases, ${verb} ${counts.reindexed}, ${counts.linked} co-handler links` +
    (counts.conflicts > 0
      ? `, ${counts.conflicts} changed meanwhile (already reindexed by that change)`
      : ''),
);
