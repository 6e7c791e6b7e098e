import { resolve } from 'node:path';
import { readStackFile } from '../local/stack-file.js';
import { commandLine, usageError } from './command-line.js';
import { runWalk, WalkStepError } from './run-walk.js';

// `npm run walk`: one case's whole life against the running `npm start` (found through its data
// dir's stack.json), printed step by step. The work is runWalk's (scripts/run-walk.ts).

const USAGE = `用法 usage: npm run walk -- [--data-dir .local] [--url http://localhost:3000] [--timeout 30]
  默认走 npm start 正在运行的本地栈（数据目录里的 stack.json）；--url 指定别的地址（令牌仍由 --data-dir 的密钥签发）`;

function options() {
  const { values } = commandLine(
    {
      options: {
        'data-dir': { type: 'string', default: process.env.LOCAL_DATA_DIR ?? '.local' },
        url: { type: 'string' },
        timeout: { type: 'string', default: '30' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    USAGE,
  );
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new Error(`--timeout 须为正数（秒）: ${values.timeout}`);
  const dataDir = resolve(values['data-dir']);
  return { dataDir, url: values.url ?? readStackFile(dataDir).url, waitMs: timeout * 1000 };
}

let opts: ReturnType<typeof options>;
try {
  opts = options();
} catch (error) {
  // A bad --timeout, or no stack.json: no local stack runs with that data dir.
  usageError((error as Error).message, USAGE);
}

console.log(`走一遍工单的一生 (a case's whole life) against ${opts.url}`);
try {
  await runWalk(opts);
} catch (error) {
  if (error instanceof WalkStepError) console.error(`\n${error.message}`);
  else if (error instanceof TypeError && /fetch failed/.test(error.message)) {
    console.error(`\n无法连接 ${opts.url}（cannot reach the stack）：请先运行 npm start。`);
  } else console.error('\n走查脚本出错 (walk failed):', error instanceof Error ? error.message : error);
  process.exit(1);
}
