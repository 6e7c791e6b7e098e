import { commandLine, urlOfRunningStack, usageError } from './command-line.js';
import { runDemo, StackUnreachableError } from './run-demo.js';

// `npm run demo`: sends a few hundred realistic appeals through a running stack (`npm start`), as
// citizens' browsers would, has the demo city handle them, and says where to look at what they
// became. The work is runDemo's (scripts/run-demo.ts); this is its command line.

const USAGE = `用法: npm run demo -- [--count 300] [--calls 120] [--late-calls 3] [--data-dir .local] [--url <npm start 的地址>] [--seed 42] [--concurrency 8] [--no-handle]`;

function options() {
  const { values } = commandLine(
    {
      allowNegative: true,
      options: {
        count: { type: 'string', default: '300' },
        calls: { type: 'string', default: '120' },
        // Backdated call records whose deadlines have passed: supervision marks them overdue.
        'late-calls': { type: 'string', default: '3' },
        // Where npm start keeps its dev secrets (the hotline's HMAC secret, the staff signing key).
        'data-dir': { type: 'string', default: process.env.LOCAL_DATA_DIR ?? '.local' },
        // Default: the stack npm start runs with that data dir (its stack.json), as npm run walk does.
        url: { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string', default: '8' },
        // --no-handle: only the appeals and calls, nobody works them.
        handle: { type: 'boolean', default: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    USAGE,
  );
  const count = Number(values.count);
  const calls = Number(values.calls);
  const lateCalls = Number(values['late-calls']);
  const concurrency = Number(values.concurrency);
  // Without --seed every run sends new appeals; the seed is printed so a run can be repeated.
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (
    ![count, calls, lateCalls, concurrency, seed].every((n) => Number.isInteger(n) && n >= 0) ||
    count < 1 ||
    concurrency < 1
  ) {
    usageError('参数无效。', USAGE);
  }
  return {
    count,
    calls,
    lateCalls,
    concurrency,
    seed,
    handle: values.handle,
    dataDir: values['data-dir'],
    url: values.url ?? urlOfRunningStack(values['data-dir']),
  };
}

const opts = options();

try {
  const summary = await runDemo(opts);
  if (summary.appeals.rejected === summary.appeals.sent) process.exit(1);
} catch (error) {
  if (error instanceof StackUnreachableError) console.error(error.message);
  else console.error('演示脚本出错：', error instanceof Error ? error.message : error);
  process.exit(1);
}
