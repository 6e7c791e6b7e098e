import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stack } from './helpers.js';

// The docs' curl walks are meant to be pasted block by block into a shell: this runs them so, in
// order, against the test stack (found by the scripts through its data dir, as npm start's is), and
// fails when a block no longer works as written.

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);

/** The ```bash blocks of one section of a Markdown page, in order. */
function bashBlocks(page: string, heading: string): string[] {
  const markdown = readFileSync(new URL(page, ROOT), 'utf8');
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${page} has no section "${heading}"`);
  const next = markdown.slice(start + heading.length + 2).search(/\n## /);
  const section = markdown.slice(start, next < 0 ? undefined : start + heading.length + 2 + next);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Pastes the blocks into one bash, stopping at the first failing command, as a reader would notice. */
async function paste(blocks: string[]): Promise<string> {
  const { stdout } = await run('bash', ['-o', 'pipefail', '-e', '-c', blocks.join('\n')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: new URL(stack.url).port,
      LOCAL_DATA_DIR: stack.dataDir,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    timeout: 150_000,
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout;
}

describe('Docs: the walks work as pasted', () => {
  it("runs the README's five-minute tour", { timeout: 180_000 }, async () => {
    // Prepare
    const blocks = bashBlocks('README.md', '## A five-minute tour');

    // Act
    const out = await paste(blocks);

    // Assess
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(out).toMatch(/^\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$/m);
    expect(out).toContain('"statusText"');
    expect(out).toMatch(/"caseId":"[a-z0-9]+"/);
    expect(out).toContain('/dashboard#token=');
  });

  it("runs the staff API's whole life of a case in curl", { timeout: 180_000 }, async () => {
    // Prepare
    const blocks = bashBlocks('docs/staff-api.md', "## A case's whole life");

    // Act
    const out = await paste(blocks);

    // Assess
    expect(blocks).toHaveLength(1);
    expect(out).toContain('{"status":"returned"}');
    expect(out).toContain('{"status":"closed","closeReason":"supervisor"}');
    expect(out).toMatch(/^OK /m);
    expect(out).toContain('satisfactionRate');
  });
});
