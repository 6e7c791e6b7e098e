import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * CloudWatch EMF metrics, for the functions that emit them. Kept apart from the logger so that a
 * function without metrics does not load or construct them on its cold start.
 */
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Hotline12345' });
