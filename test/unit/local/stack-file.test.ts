import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseTarget, readStackFile, removeStackFile, writeStackFile } from '../../../local/stack-file.js';

describe('Module: stack-file', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-file-'));
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the endpoints and names for scripts, and never the dev secrets', () => {
    // Act
    writeStackFile(dir, 'http://127.0.0.1:3000', {
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      CASES_TABLE_NAME: 'cases',
      CONTACT_HASH_KEY: 'secret',
      WECHAT_TOKEN: 'secret',
      FOLLOW_UP_CALL_AFTER_HOURS: '0',
    });

    // Assess
    expect(readStackFile(dir)).toEqual({
      url: 'http://127.0.0.1:3000',
      env: {
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
        CASES_TABLE_NAME: 'cases',
        // reindex-cases keys the call list's index as the handlers do.
        FOLLOW_UP_CALL_AFTER_HOURS: '0',
      },
    });
  });

  it('runs on AWS when the deployed names are set and no local stack is asked for', () => {
    // Prepare
    vi.stubEnv('CASES_TABLE_NAME', 'Hotline12345-Data-cases');

    // Act
    const target = chooseTarget({ dataDir: undefined }, ['CASES_TABLE_NAME']);

    // Assess
    expect(target).toBe('aws');
    expect(process.env.CASES_TABLE_NAME).toBe('Hotline12345-Data-cases');
  });

  it('runs on the local stack when asked, even with deployed names set', () => {
    // Prepare
    vi.stubEnv('CASES_TABLE_NAME', 'Hotline12345-Data-cases');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', '');
    writeStackFile(dir, 'http://127.0.0.1:3000', {
      CASES_TABLE_NAME: 'cases',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
    });

    // Act
    const target = chooseTarget({ dataDir: dir }, ['CASES_TABLE_NAME']);

    // Assess
    expect(target).toBe('local');
    expect(process.env.CASES_TABLE_NAME).toBe('cases');
    expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toBe('http://127.0.0.1:8000');
  });

  it('says how to point it at either when neither is there', () => {
    // Prepare
    vi.stubEnv('CASES_TABLE_NAME', '');
    vi.stubEnv('LOCAL_DATA_DIR', dir);
    removeStackFile(dir);

    // Act
    const act = () => chooseTarget({}, ['CASES_TABLE_NAME']);

    // Assess
    expect(act).toThrow(/no local stack is running.*set CASES_TABLE_NAME/);
  });
});
