import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, assertDataDirFree, DataDirLockedError } from '../../../local/data-dir-lock.js';

/** A pid that was alive a moment ago and is not any more: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('Module: data-dir-lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the lock, naming this process, and removes it on release', () => {
    // Act
    const lock = acquireDataDirLock(dir);
    const held = JSON.parse(readFileSync(join(dir, 'stack.lock'), 'utf8'));
    lock.release();

    // Assess
    expect(held.pid).toBe(process.pid);
    expect(existsSync(join(dir, 'stack.lock'))).toBe(false);
  });

  it('refuses a dir another live process holds, naming its pid', () => {
    // Prepare: the parent of this process is alive and is not this process
    const holder = { pid: process.ppid, hostname: hostname(), startedAt: '2026-12-04T01:00:00.000Z' };
    writeFileSync(join(dir, 'stack.lock'), JSON.stringify(holder));

    // Act & Assess
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => assertDataDirFree(dir)).toThrow(`pid ${process.ppid}`);
    expect(JSON.parse(readFileSync(join(dir, 'stack.lock'), 'utf8')).pid).toBe(process.ppid);
  });

  it('takes over a lock whose process is gone', () => {
    // Prepare
    const pid = deadPid();
    writeFileSync(join(dir, 'stack.lock'), JSON.stringify({ pid, hostname: hostname(), startedAt: 'x' }));

    // Act
    const lock = acquireDataDirLock(dir);

    // Assess
    expect(JSON.parse(readFileSync(join(dir, 'stack.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a lock held on another machine, whose process it cannot check', () => {
    // Prepare
    writeFileSync(
      join(dir, 'stack.lock'),
      JSON.stringify({ pid: deadPid(), hostname: 'other-host', startedAt: 'x' }),
    );

    // Act & Assess
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });

  it('does not remove a lock another process took after this one released its own', () => {
    // Prepare
    const lock = acquireDataDirLock(dir);
    writeFileSync(
      join(dir, 'stack.lock'),
      JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: 'x' }),
    );

    // Act
    lock.release();

    // Assess
    expect(existsSync(join(dir, 'stack.lock'))).toBe(true);
  });
});
