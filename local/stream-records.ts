import type {
  AttributeValue as SdkAttributeValue,
  _Record as SdkRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { LOCAL_REGION } from './lambda-context.js';

/**
 * A stream record as Lambda delivers it: the JSON form of the wire record, so binary values are
 * base64 strings and ApproximateCreationDateTime is epoch seconds, not the SDK's Date and bytes.
 */
export function lambdaStreamRecord(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const image = (m: Record<string, SdkAttributeValue> | undefined) =>
    m ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, attributeJson(v)])) : undefined;
  const dynamodb: NonNullable<DynamoDBRecord['dynamodb']> = {
    ...(d.ApproximateCreationDateTime
      ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
      : {}),
    ...(d.Keys ? { Keys: image(d.Keys) } : {}),
    ...(d.NewImage ? { NewImage: image(d.NewImage) } : {}),
    ...(d.OldImage ? { OldImage: image(d.OldImage) } : {}),
    ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
    ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
    ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
  };
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? LOCAL_REGION,
    dynamodb,
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

function attributeJson(v: SdkAttributeValue): AttributeValue {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.B !== undefined) return { B: b64(v.B) };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: v.NULL };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.BS !== undefined) return { BS: v.BS.map(b64) };
  if (v.L !== undefined) return { L: v.L.map(attributeJson) };
  if (v.M !== undefined)
    return { M: Object.fromEntries(Object.entries(v.M).map(([k, x]) => [k, attributeJson(x)])) };
  throw new Error(`unknown attribute value: ${JSON.stringify(v)}`);
}
