import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDirectoryStore } from '../shared/adapters/directory-store.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';

// `npm run seed`: writes the demo city's directory to a deployed directory table, after
// `cdk deploy`. Credentials and region come from the default SDK chain (AWS_PROFILE, AWS_REGION…).

async function main(): Promise<void> {
  const tableName = process.env.DIRECTORY_TABLE_NAME;
  if (!tableName) {
    console.error('请设置 DIRECTORY_TABLE_NAME（目录表名，见 cdk deploy 的输出），例如：');
    console.error('  DIRECTORY_TABLE_NAME=<表名> npm run seed');
    process.exit(1);
  }
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const items = await new DynamoDirectoryStore(client, tableName).write(SEED_DIRECTORY);
  const { departments, categories, districts, rules } = SEED_DIRECTORY;
  console.log(`已写入目录表 ${tableName}：共 ${items} 项`);
  console.log(
    `  部门 ${departments.length} 个（其中区县部门 ${departments.filter((d) => d.district).length} 个）`,
  );
  console.log(`  诉求分类 ${categories.length} 个`);
  console.log(`  区县 ${districts.length} 个：${districts.map((d) => d.name).join('、')}`);
  console.log(`  派单规则 ${rules.length} 条（“其他”类无规则，由派单员人工派单）`);
  client.destroy();
}

main().catch((error: unknown) => {
  console.error('写入目录失败：', error instanceof Error ? error.message : error);
  process.exit(1);
});
