import { CITY_LEVEL_DISTRICT, DISCLOSURE_CATEGORY } from '../../../shared/domain/disclosure/catalogue.js';
import { type DirectoryAnswer, getDirectory } from './api.js';
import { orderCategories } from './categories.js';
import { addOption, byId, showSummary } from './dom.js';
import { TEXT } from './text.js';

// The form's choices come from the directory (GET /v1/directory), so a category or district added
// by an administrator appears without a new page.

/**
 * 依申请公开 has its own form (#disclosure): the appeal form offers neither its type nor its category,
 * nor 市本级, the district only a city-level body's request has (shared/domain/disclosure/intake.ts).
 */
const DISCLOSURE_TYPE = 'disclosure';

function fill(directory: DirectoryAnswer): void {
  const types = byId('type', HTMLSelectElement);
  const categories = byId('category', HTMLSelectElement);
  const districts = byId('district', HTMLSelectElement);
  for (const type of directory.types)
    if (type.code !== DISCLOSURE_TYPE) addOption(types, type.code, type.name);
  for (const category of orderCategories(directory.categories)) {
    if (category.code === DISCLOSURE_CATEGORY) continue;
    const option = addOption(categories, category.code, category.name);
    // The category's usual type, suggested when the citizen picks it (submit-form.ts).
    if (category.defaultType) option.setAttribute('data-type', category.defaultType);
  }
  for (const district of directory.districts) {
    if (district.code !== CITY_LEVEL_DISTRICT) addOption(districts, district.code, district.name);
  }
}

/** Loads the directory into the form; answers it for what else depends on it, or undefined on failure. */
export async function loadDirectory(): Promise<DirectoryAnswer | undefined> {
  try {
    const directory = await getDirectory();
    fill(directory);
    return directory;
  } catch {
    showSummary(TEXT.directoryFailed);
    return undefined;
  }
}
