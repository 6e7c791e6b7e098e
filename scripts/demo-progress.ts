// The demo's progress lines on stderr, so the report on stdout stays clean: a phase's title, then
// its count redrawn in place on a terminal, or a line per quarter when the output is a file or a pipe.

export interface PhaseProgress {
  /** One more item of the phase is done. */
  tick(): void;
  /** The phase is over: its last count and a closing remark. */
  done(remark?: string): void;
}

export type ProgressWrite = (text: string) => void;

/** Where progress goes by default: stderr; `undefined` when progress is off. */
export function stderrProgress(shown: boolean): ProgressWrite | undefined {
  return shown ? (text) => process.stderr.write(text) : undefined;
}

/**
 * A phase of `total` items, e.g. `phase(write, '部门办理', 120)`. With no `write` it prints nothing.
 *
 * @example
 * const p = phase(stderrProgress(true), '回访评价', tokens.length);
 * for (const t of tokens) { await rate(t); p.tick(); }
 * p.done('评价 110 件');
 */
export function phase(write: ProgressWrite | undefined, title: string, total: number): PhaseProgress {
  const tty = process.stderr.isTTY === true;
  let count = 0;
  let shownQuarter = 0;
  const line = () => `  ${title} ${count}/${total}`;
  if (write) write(tty ? line() : `${line()}\n`);
  return {
    tick() {
      count++;
      if (!write) return;
      if (tty) {
        write(`\r${line()}`);
        return;
      }
      const quarter = total > 0 ? Math.floor((count / total) * 4) : 4;
      if (quarter > shownQuarter && count < total) {
        shownQuarter = quarter;
        write(`${line()}\n`);
      }
    },
    done(remark) {
      if (!write) return;
      const end = `${line()}${remark ? `  ${remark}` : ''}`;
      write(tty ? `\r${end}\n` : `${end}\n`);
    },
  };
}

/** A single progress line (a phase with nothing to count). */
export function note(write: ProgressWrite | undefined, text: string): void {
  write?.(`${text}\n`);
}
