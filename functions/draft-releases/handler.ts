import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { releaseResponsible } from '../../shared/adapters/config.js';
import { directoryStore, releaseStore } from '../../shared/adapters/stores.js';
import { shanghaiDate } from '../../shared/domain/index.js';
import { previousPeriod } from '../../shared/domain/releases/index.js';
import { logger } from '../../shared/logger.js';
import { type DraftDeps, draftMonth } from './draft.js';

// 发布: after each month ends, the drafts of its two releases (monthly figures, typical cases), so a
// month's releases are never forgotten. Runs hourly; a kind and period that has any release
// already is left alone, and a draft's id is the same on every run (`<period>-<kind>-01`), so two
// runs at once make one draft.

export const handler = middy<unknown, { drafted: string[] }>()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const now = new Date();
    const deps: DraftDeps = {
      store: releaseStore(),
      calendar: () => directoryStore().loadCalendar(),
      responsible: releaseResponsible(),
    };
    const drafted = await draftMonth(previousPeriod(shanghaiDate(now).slice(0, 7)), now.toISOString(), deps);
    if (drafted.length > 0) logger.info('drafted the releases of the month just ended', { drafted });
    return { drafted };
  });
