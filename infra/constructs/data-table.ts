import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { TableSpec } from '../resources.js';

/**
 * A table of infra/resources.ts under the data key, made in `scope` itself (id `spec.id`), so its
 * logical id stays the stack's own: a changed logical id would replace the table and lose its data.
 *
 * @example
 * const casesTable = dataTable(this, CASES_TABLE, dataKey);
 */
export function dataTable(scope: Construct, spec: TableSpec, key: kms.IKey): dynamodb.Table {
  const table = new dynamodb.Table(scope, spec.id, {
    partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: spec.sortKey, type: dynamodb.AttributeType.STRING },
    // On-demand: a hotline's load follows the day and spikes with storms and outages.
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    // Both images: the projector needs the old status to count transitions once.
    ...(spec.stream === false ? {} : { stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES }),
    ...(spec.timeToLiveAttribute ? { timeToLiveAttribute: spec.timeToLiveAttribute } : {}),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    deletionProtection: true,
    // RETAIN: the cases table is the single source of truth of every appeal (and the others
    // hold the catalogue and the published figures).
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of spec.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
      ...(index.sortKey ? { sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
      // ALL: the lookups read whole cases from the index, with no second GetItem per hit.
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
  return table;
}
