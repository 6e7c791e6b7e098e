import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../infra/functions.js';

// The newcomer's path: a short README that leads to every page, a Chinese twin, links that resolve,
// and a ready request for every route.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const DOC_PAGES = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort();
const MARKDOWN = [
  'README.md',
  'README.zh-CN.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Markdown link targets outside code blocks: `[text](target)`. */
function linksIn(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = (heading ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

describe('File: README.md', () => {
  it('stays under 15 KB', () => {
    // Assess
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThan(15_000);
  });

  it('links every page under docs/', () => {
    // Prepare
    const targets = linksIn(read('README.md')).map((link) => link.split('#')[0]);

    // Act
    const unlinked = DOC_PAGES.filter((page) => !targets.includes(`docs/${page}`));

    // Assess
    expect(DOC_PAGES.length).toBeGreaterThan(0);
    expect(unlinked).toEqual([]);
  });

  it('links the Chinese README at its top, and the Chinese README links back', () => {
    // Prepare
    const top = read('README.md').split('\n').slice(0, 5).join('\n');
    const zhTop = read('README.zh-CN.md').split('\n').slice(0, 5).join('\n');

    // Assess
    expect(linksIn(top)).toContain('README.zh-CN.md');
    expect(linksIn(zhTop)).toContain('README.md');
  });

  it('gives the Chinese reader the same commands, block by block', () => {
    // Prepare: the commands of each bash block, without comments (which are in each README's language)
    const commands = (path: string) =>
      [...read(path).matchAll(/```bash\n([\s\S]*?)```/g)].map((m) =>
        (m[1] ?? '')
          .split('\n')
          .map((line) => line.replace(/(^|\s+)#\s.*$/, '').trimEnd())
          .filter((line) => line !== ''),
      );

    // Act
    const english = commands('README.md');
    const chinese = commands('README.zh-CN.md');

    // Assess
    expect(english.length).toBeGreaterThan(3);
    expect(chinese).toEqual(english);
  });

  it('keeps the documented test command', () => {
    // Assess
    expect(read('README.md')).toContain('npm ci && npm test');
    expect(read('README.zh-CN.md')).toContain('npm ci && npm test');
  });
});

describe('Files: the Markdown documentation', () => {
  it('has only links to files and headings that exist', () => {
    // Act
    const broken = MARKDOWN.flatMap((file) =>
      linksIn(read(file))
        .filter((link) => !/^[a-z]+:/.test(link))
        .filter((link) => {
          const [path = '', anchor] = link.split('#');
          const target = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), path));
          if (!existsSync(join(ROOT, target))) return true;
          if (!anchor || !target.endsWith('.md')) return false;
          return !anchorsOf(read(target)).has(decodeURIComponent(anchor));
        })
        .map((link) => `${file}: ${link}`),
    );

    // Assess
    expect(broken).toEqual([]);
  });

  it('shows no machine-specific path', () => {
    // Act
    const leaks = MARKDOWN.filter((file) => /\/(work|home|Users)\/[\w.-]+\//.test(read(file)));

    // Assess
    expect(leaks).toEqual([]);
  });
});

describe('Files: docs/http/*.http', () => {
  const files = readdirSync(join(ROOT, 'docs/http')).filter((name) => name.endsWith('.http'));
  const requests = files.flatMap((file) =>
    read(`docs/http/${file}`)
      .split(/^###.*$/m)
      .flatMap((block) => {
        const line = block.match(/^(GET|POST|PUT|DELETE|PATCH) (\S+)/m);
        if (!line) return [];
        const url = (line[2] ?? '').replace(/^\{\{baseUrl\}\}/, '').split('?')[0] ?? '';
        return [{ file, method: line[1], url, block }];
      }),
  );

  it('has a request for every HTTP route of the function catalogue', () => {
    // Prepare
    const routes = FUNCTIONS.flatMap((fn) =>
      fn.triggers.flatMap((t) =>
        t.kind === 'http' ? [{ method: t.method, path: t.path, auth: t.auth }] : [],
      ),
    );

    // Act
    const missing = routes.filter(({ method, path }) => {
      const pattern = new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return !requests.some((r) => r.method === method && pattern.test(r.url));
    });

    // Assess
    expect(missing).toEqual([]);
  });

  it('sets the port and the token once per file, and sends the token to staff routes', () => {
    // Prepare
    const staff = FUNCTIONS.flatMap((fn) =>
      fn.triggers.flatMap((t) => (t.kind === 'http' && t.auth === 'jwt' ? [t] : [])),
    );

    // Act
    const withoutVariables = files.filter((file) => {
      const text = read(`docs/http/${file}`);
      return !/^@port = /m.test(text) || !/^@token = /m.test(text) || !text.includes('{{port}}');
    });
    const withoutToken = requests
      .filter((r) =>
        staff.some(
          (t) =>
            t.method === r.method &&
            new RegExp(`^${t.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`).test(r.url),
        ),
      )
      .filter((r) => !r.block.includes('Authorization: Bearer {{token}}'))
      .map((r) => `${r.file}: ${r.method} ${r.url}`);

    // Assess
    expect(withoutVariables).toEqual([]);
    expect(withoutToken).toEqual([]);
  });
});
