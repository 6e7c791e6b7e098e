import type { CostResult, PriceLine } from './cost.js';
import { PRICED_REGIONS } from './prices.js';

// The cost section for a city's finance office: what one appeal uses, then what a million cost.

const LINE_LABEL: Record<PriceLine, string> = {
  apiGatewayHttpRequest: 'API Gateway HTTP API 请求',
  lambdaRequest: 'Lambda 调用次数',
  lambdaArmGbSecond: 'Lambda 计算量（arm64，GB·秒）',
  sqsRequest: 'SQS 请求（含 Lambda 轮询的接收与删除）',
  dynamodbWriteRequestUnit: 'DynamoDB 按需写请求单位',
  dynamodbReadRequestUnit: 'DynamoDB 按需读请求单位',
  s3PutRequest: 'S3 PUT/COPY/POST/LIST 请求',
  s3GetRequest: 'S3 GET 及其他请求',
};

const amount = (v: number | undefined, currency: string) =>
  v === undefined ? 'unverified' : `${currency === 'USD' ? '$' : '¥'}${v.toFixed(2)}`;
const num = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4));

/** Prints the section; true (a cost has no target). */
export function reportCost(result: CostResult, section: number, table: (rows: string[][]) => string): true {
  console.log(
    `\n${section}. 每件诉求的 AWS 请求与每百万件诉求的费用（演示流量 ${result.demo.webforms} 份网页表单 + ${result.demo.calls} 通热线 + 微信与依申请公开，办理至办结；共 ${result.appeals} 件工单）`,
  );
  const byOperation = Object.entries(result.requestsPerAppeal).flatMap(([service, ops]) =>
    Object.entries(ops)
      .sort(([, a], [, b]) => b.calls - a.calls)
      .map(([op, c]) => [
        `${service} ${op}`,
        num(c.calls),
        c.readUnits + c.writeUnits > 0 ? num(c.readUnits + c.writeUnits) : '',
      ]),
  );
  console.log(table([['每件诉求的请求（函数的 SDK 客户端计数）', '次数', '容量单位'], ...byOperation]));
  const byTable = Object.entries(result.capacityPerAppealByTable).sort(
    ([, a], [, b]) => b.writeUnits - a.writeUnits,
  );
  if (byTable.length > 0)
    console.log(
      table([
        ['DynamoDB 容量单位/件（按表，含其索引）', '写', '读'],
        ...byTable.map(([name, c]) => [name, num(c.writeUnits), num(c.readUnits)]),
      ]),
    );
  const byIndex = Object.entries(result.capacityPerAppealByIndex ?? {}).sort(
    ([, a], [, b]) => b.writeUnits - a.writeUnits,
  );
  if (byIndex.some(([name]) => name.includes('/')))
    console.log(
      table([
        ['DynamoDB 容量单位/件（基表与各索引分列）', '写', '读'],
        ...byIndex.map(([name, c]) => [name, num(c.writeUnits), num(c.readUnits)]),
      ]),
    );
  if (result.capacityEstimated)
    console.log('  注意：模拟器未报告消耗的容量单位，按每次调用 1 个单位估算（偏低）');

  console.log(
    table([
      ['函数', '内存', '调用/件', '平均耗时*', 'GB·秒/件'],
      ...result.functions.map((f) => [
        f.name,
        `${f.memoryMb} MB`,
        num(f.invocationsPerAppeal),
        `${f.meanMs.toFixed(1)} ms`,
        f.gbSecondsPerAppeal.toFixed(5),
      ]),
    ]),
  );
  console.log('  * 耗时来自本地栈（同一进程、另一种 CPU、无冷启动）：仅供参考，不是 Lambda arm64 上的实测值');

  const regions = result.regions;
  console.log(
    table([
      ['每百万件诉求', '用量', ...regions.map((r) => `${r.name}（${r.region}）`)],
      ...(Object.keys(result.units) as PriceLine[]).map((line) => [
        LINE_LABEL[line],
        num(result.units[line] * 1_000_000),
        ...regions.map((r) => amount(r.lines[line], r.currency)),
      ]),
      ['合计（已核实的价格）', '', ...regions.map((r) => amount(r.total, r.currency))],
    ]),
  );
  for (const prices of PRICED_REGIONS)
    console.log(
      `  ${prices.name}（${prices.region}）价格读取于 ${prices.readOn}，来源：bench/prices.ts（每项附官方价格页）` +
        (regions.find((r) => r.region === prices.region)?.unverified.length
          ? '；标为 unverified 的价格未能核实，不计入合计'
          : ''),
    );
  console.log(
    '  不含：免费额度、数据传出、存储（GB·月）、CloudWatch 日志、Secrets Manager/KMS 调用与空轮询的固定费用',
  );
  return true;
}
