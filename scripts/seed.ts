import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import { writeCatalogue } from './catalogue.js';

// `npm run seed`: writes the demo city's directory to a deployed directory table, after
// `cdk deploy`. Credentials and region come from the default SDK chain (AWS_PROFILE, AWS_REGION…).
// `npm run setup -- catalogue` does the same on the local stack too, and takes a city's own file.

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
  for (const line of await writeCatalogue(client, tableName, SEED_DIRECTORY)) console.log(line);
  client.destroy();
}

main().catch((error: unknown) => {
  console.error('写入目录失败：', error instanceof Error ? error.message : error);
  process.exit(1);
});
