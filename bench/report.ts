import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, freemem, release, totalmem, type } from 'node:os';

// The JSON report's shared parts: the machine a run measured on, and every figure beside its floor
// and their ratio under one stable name, so two reports (two machines, two commits) compare line by
// line with `npm run bench -- --compare <old.json>`.

export interface Machine {
  cpu: { model: string; count: number };
  memory: { totalBytes: number; freeBytes: number };
  node: string;
  os: string;
  commit: string;
  /** Uncommitted changes were present: the commit alone does not say what ran. */
  dirty: boolean;
}

export function describeMachine(root: string): Machine {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  return {
    cpu: { model: cpus()[0]?.model ?? 'unknown', count: cpus().length },
    memory: { totalBytes: totalmem(), freeBytes: freemem() },
    node: process.version,
    os: `${type()} ${release()} ${process.platform}-${process.arch}`,
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain']).length > 0,
  };
}

/** One measured figure beside the floor measured in the same run. */
export interface Figure {
  /** Stable across runs: `ingest.webform.p99`, `bundle.case-api.import`. */
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly floor: number;
  /** value / floor. */
  readonly ratio: number;
  /** The ratio the issue asks for, when it sets one: a ceiling, or a floor when `better` is `higher`. */
  readonly target?: number;
  /** Lower is better unless this says otherwise (a throughput: appeals per second over its floor's). */
  readonly better?: 'higher';
}

export function figure(
  name: string,
  unit: string,
  value: number,
  floor: number,
  target?: number,
  better?: 'higher',
): Figure {
  return {
    name,
    unit,
    value,
    floor,
    ratio: value / floor,
    ...(target === undefined ? {} : { target }),
    ...(better ? { better } : {}),
  };
}

export interface RatioChange {
  readonly name: string;
  readonly before: number;
  readonly after: number;
  /** after / before − 1: +0.10 is a ratio 10 % higher (worse, unless `better` is `higher`). */
  readonly change: number;
  readonly better?: 'higher';
}

/** The figures two reports share, with how each ratio moved; figures in only one are left out. */
export function compareFigures(before: readonly Figure[], after: readonly Figure[]): RatioChange[] {
  const old = new Map(before.map((f) => [f.name, f]));
  return after.flatMap((f) => {
    const b = old.get(f.name);
    if (!b || !Number.isFinite(b.ratio) || !Number.isFinite(f.ratio) || b.ratio === 0) return [];
    return [
      {
        name: f.name,
        before: b.ratio,
        after: f.ratio,
        change: f.ratio / b.ratio - 1,
        ...(f.better ? { better: f.better } : {}),
      },
    ];
  });
}

/** The figures of a report written by an earlier run. */
export function readFigures(path: string): { figures: Figure[]; machine?: Machine; at?: string } {
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    figures?: Figure[];
    machine?: Machine;
    at?: string;
  };
  if (!Array.isArray(report.figures)) throw new Error(`${path} has no figures (not a bench report?)`);
  return {
    figures: report.figures,
    ...(report.machine ? { machine: report.machine } : {}),
    ...(report.at ? { at: report.at } : {}),
  };
}
