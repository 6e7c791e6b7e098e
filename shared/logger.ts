import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger per function instance. The service name comes from POWERTOOLS_SERVICE_NAME, set per
 * function by the CDK construct and the local stack.
 */
export const logger = new Logger();
