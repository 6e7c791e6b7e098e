import type { CalendarYear } from '../../domain/calendar/calendar-year.js';
import { CN_2025 } from './cn-2025.js';
import { CN_2026 } from './cn-2026.js';

// The national holiday schedules the local stack and `npm run seed` load into the directory
// table. Add next year's record when the State Council publishes it (each November).
export const SEED_CALENDAR_YEARS: readonly CalendarYear[] = [CN_2025, CN_2026];

export { CN_2025, CN_2026 };
