import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core in a page under test. The page's CSP allows only its own hashed script, so axe is
// evaluated through the DevTools protocol (Playwright's evaluate), never added as a <script>.

function loadAxe(): string | undefined {
  try {
    return readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return undefined;
  }
}

/** axe-core's source, or undefined where the package is not installed (the checks then skip, saying so). */
export const AXE_SOURCE = loadAxe();

/** The serious and critical violations axe-core finds on the page as it is now: rule id and targets. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!AXE_SOURCE) throw new Error('axe-core is not installed');
  await page.evaluate(AXE_SOURCE);
  // (A string: this project's tests compile without the DOM's types.)
  const violations = (await page.evaluate(
    'axe.run(document).then(function (r) { return r.violations; })',
  )) as { id: string; impact: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
