import * as z from 'zod/mini';

/**
 * What a function learns from its environment. Parsed once, on first use, so a missing variable
 * fails loudly at the first request rather than as `undefined` deep inside a call.
 */
const ConfigSchema = z.object({
  CASES_TABLE_NAME: z.string().check(z.minLength(1)),
  DIRECTORY_TABLE_NAME: z.string().check(z.minLength(1)),
  INTAKE_QUEUE_URL: z.string().check(z.minLength(1)),
  ARCHIVE_BUCKET_NAME: z.string().check(z.minLength(1)),
  /** Only the functions that read or write the aggregates use it: see `metricsTableName()`. */
  METRICS_TABLE_NAME: z.optional(z.string().check(z.minLength(1))),
});
export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= ConfigSchema.parse(process.env);
  return cached;
}

/** The metrics table, for a function that needs it: a missing name fails at its first request. */
export function metricsTableName(): string {
  const name = config().METRICS_TABLE_NAME;
  if (!name) throw new Error('METRICS_TABLE_NAME is not set');
  return name;
}

/** Tests change the environment between cases; this forgets what was read. */
export function resetConfig(): void {
  cached = undefined;
}
