import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// `npm run setup -- user` against AWS: the department checked against the catalogue first, then one
// AWS CLI call (`cognito-idp admin-create-user`), its refusal reported without a stack trace.

const execFile = vi.hoisted(() => vi.fn());
vi.mock('node:child_process', () => ({ execFile }));

const { createUser } = await import('../../../../scripts/setup/steps.js');

const USER = {
  username: 'zhang.wei',
  email: 'zhang.wei@example.gov.cn',
  role: 'department',
  departmentId: 'water-group',
} as const;

describe('Function: createUser (AWS)', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  let printed: string[];

  beforeAll(() => {
    process.env.STAFF_USER_POOL_ID = 'cn-north-1_pool';
    process.env.DIRECTORY_TABLE_NAME = 'directory';
  });

  beforeEach(() => {
    printed = [];
    const keep = (...args: unknown[]) => {
      printed.push(args.join(' '));
    };
    vi.spyOn(console, 'log').mockImplementation(keep);
    vi.spyOn(console, 'error').mockImplementation(keep);
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'DEPARTMENT' } }).resolves({
      Items: [{ pk: 'DEPARTMENT', sk: 'water-group', id: 'water-group', name: '江城水务集团' }],
    });
  });

  afterEach(() => {
    ddb.reset();
    execFile.mockReset();
    vi.restoreAllMocks();
  });

  afterAll(() => {
    delete process.env.STAFF_USER_POOL_ID;
    delete process.env.DIRECTORY_TABLE_NAME;
  });

  it('creates the user in the pool with the AWS CLI once the department is known', async () => {
    // Prepare
    execFile.mockImplementation((_file, _args, _options, callback) =>
      callback(null, { stdout: '{}', stderr: '' }),
    );

    // Act
    const code = await createUser(USER, 'aws');

    // Assess
    expect(code).toBe(0);
    expect(execFile).toHaveBeenCalledTimes(1);
    const [file, args] = execFile.mock.calls[0] ?? [];
    expect(file).toBe('aws');
    expect(args).toEqual(expect.arrayContaining(['admin-create-user', '--user-pool-id', 'cn-north-1_pool']));
    expect(printed.join('\n')).toContain('已在用户池 cn-north-1_pool 创建 zhang.wei');
  });

  it('refuses a department the catalogue does not hold, without calling Cognito', async () => {
    // Act
    const code = await createUser({ ...USER, departmentId: 'no-such-department' }, 'aws');

    // Assess
    expect(code).toBe(1);
    expect(execFile).not.toHaveBeenCalled();
    expect(printed.join('\n')).toContain('目录中没有单位 no-such-department');
  });

  it('says an existing user is left as it is, and how to change one', async () => {
    // Prepare
    execFile.mockImplementation((_file, _args, _options, callback) =>
      callback(
        Object.assign(new Error('Command failed'), {
          stderr: 'An error occurred (UsernameExistsException) when calling the AdminCreateUser operation',
        }),
      ),
    );

    // Act
    const code = await createUser(USER, 'aws');

    // Assess
    expect(code).toBe(1);
    expect(printed.join('\n')).toContain('用户 zhang.wei 已存在，未改动');
    expect(printed.join('\n')).toContain('admin-update-user-attributes');
  });
});
