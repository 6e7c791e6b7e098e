import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  buildDirectory,
  buildWorkingCalendar,
  type CalendarYear,
  type Category,
  CategorySchema,
  type CoveredCalendar,
  type Department,
  DepartmentSchema,
  type Directory,
  type DirectoryData,
  type District,
  DistrictSchema,
  type HotlineLine,
  HotlineLineSchema,
  type RoutingRule,
  RoutingRuleSchema,
} from '../domain/index.js';

/** A routing rule with the id it is stored (and addressed in the admin API) under. */
export type RuleEntry = RoutingRule & { readonly ruleId: string };

/** The whole catalogue as the admin API shows it, read fresh (never from the cache). */
export interface DirectoryListing {
  departments: Department[];
  categories: Category[];
  districts: District[];
  rules: RuleEntry[];
  /** 热线线路, by code. */
  lines: HotlineLine[];
  /** The years a holiday calendar record exists for, ascending. */
  calendarYears: number[];
}

/** What one admin PUT writes: the kind of entry and the entry itself. */
export type DirectoryEntry =
  | { kind: 'departments'; value: Department }
  | { kind: 'categories'; value: Category }
  | { kind: 'districts'; value: District }
  | { kind: 'rules'; ruleId: string; value: RoutingRule }
  | { kind: 'lines'; value: HotlineLine }
  | { kind: 'calendar'; value: CalendarYear };

/** The key a seed rule is stored under (and so its ruleId). */
export function seedRuleId(r: RoutingRule): string {
  return `${r.category}#${r.district}#${r.departmentId}`;
}

/**
 * Directory edits reach warm functions within this time (each keeps a cached copy). Default 60 s,
 * which keeps reads negligible; `DIRECTORY_CACHE_SECONDS` shortens it (the integration tests).
 */
function defaultMaxAgeMs(): number {
  const seconds = Number(process.env.DIRECTORY_CACHE_SECONDS ?? '60');
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}

const PARTITIONS = {
  departments: 'DEPARTMENT',
  categories: 'CATEGORY',
  districts: 'DISTRICT',
  rules: 'RULE',
  lines: 'LINE',
  calendar: 'CALENDAR',
} as const;

/** 重算期限 left over from a calendar PUT (one item per year), beside the catalogue's partitions. */
const PENDING_RECOMPUTE = 'CALENDAR_RECOMPUTE';

/**
 * The cases whose deadlines a calendar PUT could not recompute (a conflict on every attempt, an
 * error, no time left), grouped by the year record they were counted with (`null`: the year was
 * missing then). The next PUT of the year retries them from that record.
 */
export interface PendingRecomputeGroup {
  readonly previous: CalendarYear | null;
  readonly caseIds: readonly string[];
}

/** The items the directory is stored as: one partition per kind, so each loads with one query. */
export function directoryItems(data: DirectoryData): Record<string, unknown>[] {
  return [
    ...data.departments.map((d) => ({ pk: PARTITIONS.departments, sk: d.id, ...d })),
    ...data.categories.map((c) => ({ pk: PARTITIONS.categories, sk: c.code, ...c })),
    ...data.districts.map((d) => ({ pk: PARTITIONS.districts, sk: d.code, ...d })),
    ...data.rules.map((r) => ({ pk: PARTITIONS.rules, sk: seedRuleId(r), ...r })),
    ...(data.lines ?? []).map((l) => ({ pk: PARTITIONS.lines, sk: l.code, ...l })),
    ...(data.calendarYears ?? []).map((y) => ({ pk: PARTITIONS.calendar, sk: String(y.year), ...y })),
  ];
}

/** Reads the directory; every function that routes or validates against it shares one cached copy. */
export class DynamoDirectoryStore {
  private cached?: { directory: Directory; loadedAt: number };
  private cachedCalendar?: { calendar: CoveredCalendar; loadedAt: number };

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Directory edits reach warm functions within this time: see defaultMaxAgeMs. */
    private readonly maxAgeMs = defaultMaxAgeMs(),
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<Directory> {
    if (this.cached && this.now() - this.cached.loadedAt < this.maxAgeMs) return this.cached.directory;
    const [departments, categories, districts, rules, lines] = await Promise.all([
      this.queryAll(PARTITIONS.departments, DepartmentSchema),
      this.queryAll(PARTITIONS.categories, CategorySchema),
      this.queryAll(PARTITIONS.districts, DistrictSchema),
      this.queryAll(PARTITIONS.rules, RoutingRuleSchema),
      this.queryAll(PARTITIONS.lines, HotlineLineSchema),
    ]);
    const directory = buildDirectory({ departments, categories, districts, rules, lines });
    this.cached = { directory, loadedAt: this.now() };
    return directory;
  }

  /**
   * The working calendar from the year records in the table. A malformed record throws (it would
   * silently move every deadline); a year with no record counts as weekends only, and the
   * calendar says which years it covers so a deadline reaching past them can be flagged.
   */
  async loadCalendar(): Promise<CoveredCalendar> {
    if (this.cachedCalendar && this.now() - this.cachedCalendar.loadedAt < this.maxAgeMs) {
      return this.cachedCalendar.calendar;
    }
    const calendar = buildWorkingCalendar(await this.calendarYearRecords());
    this.cachedCalendar = { calendar, loadedAt: this.now() };
    return calendar;
  }

  /**
   * Every year record of the holiday calendar as stored, read now (not from the cache) and not yet
   * checked: the admin API builds the calendar before and after its own write from them.
   */
  async calendarYearRecords(): Promise<Record<string, unknown>[]> {
    return this.queryAll(PARTITIONS.calendar, { parse: (v: unknown) => v as Record<string, unknown> });
  }

  /** The recompute left to do for a calendar year, read now; empty when there is none. */
  async pendingRecompute(year: number): Promise<PendingRecomputeGroup[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': PENDING_RECOMPUTE, ':sk': String(year) },
      }),
    );
    return (out.Items?.[0]?.groups as PendingRecomputeGroup[] | undefined) ?? [];
  }

  /** Records the recompute left to do for a year, replacing the last; none left removes the item. */
  async setPendingRecompute(year: number, groups: readonly PendingRecomputeGroup[]): Promise<void> {
    const kept = groups.filter((g) => g.caseIds.length > 0);
    const key = { pk: PENDING_RECOMPUTE, sk: String(year) };
    if (kept.length > 0) {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, groups: kept } }));
    } else {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
    }
  }

  /** One year of the holiday calendar as stored (read now, not from the cache), or undefined. */
  async getCalendarYear(year: number): Promise<Record<string, unknown> | undefined> {
    // A Query on the full key rather than a GetItem: the readers' grant is `dynamodb:Query` only.
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': PARTITIONS.calendar, ':sk': String(year) },
      }),
    );
    const Item = Items?.[0];
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = Item;
    return record;
  }

  /** Writes a whole directory (the seed); existing entries with the same keys are replaced. */
  async write(data: DirectoryData): Promise<number> {
    const items = directoryItems(data);
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      // BatchWrite may leave some items unprocessed under throttling; resend until none are left.
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('directory seed: unprocessed items after 8 retries');
        const out = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
        if (requests.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
    this.forget();
    return items.length;
  }

  /** The whole catalogue for the admin API, read now: an editor must see what is stored. */
  async list(): Promise<DirectoryListing> {
    const [departments, categories, districts, rules, lines, years] = await Promise.all([
      this.queryAll(PARTITIONS.departments, DepartmentSchema),
      this.queryAll(PARTITIONS.categories, CategorySchema),
      this.queryAll(PARTITIONS.districts, DistrictSchema),
      this.queryItems(PARTITIONS.rules),
      this.queryAll(PARTITIONS.lines, HotlineLineSchema),
      this.queryItems(PARTITIONS.calendar, 'sk'),
    ]);
    return {
      departments,
      categories,
      districts,
      rules: rules.map(({ pk: _pk, sk, ...rest }) => ({
        ruleId: String(sk),
        ...RoutingRuleSchema.parse(rest),
      })),
      lines,
      calendarYears: years.map((item) => Number(item.sk)).sort((a, b) => a - b),
    };
  }

  /** Puts one entry, replacing the one with its key. `created` tells a new entry from a replaced one. */
  async put(entry: DirectoryEntry): Promise<'created' | 'replaced'> {
    const sk =
      entry.kind === 'departments'
        ? entry.value.id
        : entry.kind === 'rules'
          ? entry.ruleId
          : entry.kind === 'calendar'
            ? String(entry.value.year)
            : entry.value.code;
    const out = await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: PARTITIONS[entry.kind], sk, ...entry.value },
        ReturnValues: 'ALL_OLD',
      }),
    );
    this.forget();
    return out.Attributes ? 'replaced' : 'created';
  }

  /** Deletes a routing rule; false (and nothing changed) when there is no rule with that id. */
  async deleteRule(ruleId: string): Promise<boolean> {
    return this.deleteEntry(PARTITIONS.rules, ruleId);
  }

  /**
   * Deletes a hotline line; false (and nothing changed) when there is none with that code. Its
   * counted calls stay in the metrics, shown under the bare code.
   */
  async deleteLine(code: string): Promise<boolean> {
    return this.deleteEntry(PARTITIONS.lines, code);
  }

  private async deleteEntry(pk: string, sk: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    this.forget();
    return true;
  }

  private forget(): void {
    this.cached = undefined;
    this.cachedCalendar = undefined;
  }

  /** Every item of one partition, keys included. */
  private async queryItems(pk: string, projection?: string): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ...(projection ? { ProjectionExpression: projection } : {}),
          ExclusiveStartKey,
        }),
      );
      out.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  private async queryAll<T>(pk: string, schema: { parse(v: unknown): T }): Promise<T[]> {
    const out: T[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...rest } = item;
        out.push(schema.parse(rest));
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }
}
