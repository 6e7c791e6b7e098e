// The filter form: the date range and the department, read from and written to the form and the
// address; the export's grouping.
import { addDays, shanghaiToday, validDay } from './dates.js';
import { byId, el } from './dom.js';
import { pageSearch } from './query.js';
import type { DashboardQuery, GroupBy, MetricsRow } from './types.js';

/** The default range: the 30 days up to today. */
const DEFAULT_DAYS = 30;

const fromInput = () => byId<HTMLInputElement>('from');
const toInput = () => byId<HTMLInputElement>('to');
const departmentSelect = () => byId<HTMLSelectElement>('department');
const exportSelect = () => byId<HTMLSelectElement>('export-group');

export function readQuery(): DashboardQuery {
  return { from: fromInput().value, to: toInput().value, department: departmentSelect().value };
}

/** The form from the address (`?from=…&to=…&department=…`), else the last 30 days, every department. */
export function fillFromAddress(search: string): void {
  const params = new URLSearchParams(search);
  const to = params.get('to');
  const from = params.get('from');
  toInput().value = to && validDay(to) ? to : shanghaiToday();
  fromInput().value = from && validDay(from) ? from : addDays(toInput().value, -(DEFAULT_DAYS - 1));
  const department = params.get('department');
  if (department) {
    // Named by its id until the first answer gives its name (fillDepartments).
    departmentSelect().appendChild(el('option', { value: department }, department));
    departmentSelect().value = department;
  }
  syncExportChoices();
}

/** The query into the address, so a view can be shared (never the token). */
export function keepInAddress(q: DashboardQuery): void {
  history.replaceState(null, '', location.pathname + pageSearch(q));
}

/** Channel and category exports cannot be filtered by department: offered only without one. */
export function syncExportChoices(): void {
  const filtered = !!departmentSelect().value;
  const select = exportSelect();
  for (const option of select.options) {
    option.disabled = filtered && (option.value === 'channel' || option.value === 'category');
  }
  if (select.options[select.selectedIndex]?.disabled) select.value = 'department';
}

/** The export's grouping and its name as the select shows it (按部门, 按日 …). */
export function exportChoice(): { groupBy: GroupBy; name: string } {
  const select = exportSelect();
  const option = select.options[select.selectedIndex];
  return { groupBy: select.value as GroupBy, name: option?.text ?? select.value };
}

/** Every department of the answer as a choice, named; the selection kept. */
export function fillDepartments(groups: readonly MetricsRow[], selected: string): void {
  const select = departmentSelect();
  const known = new Map<string, HTMLOptionElement>();
  for (const option of select.options) known.set(option.value, option);
  for (const g of groups) {
    const option = known.get(g.key);
    // A department named in the address before its name was known gets its name now.
    if (option) option.textContent = g.name || g.key;
    else known.set(g.key, select.appendChild(el('option', { value: g.key }, g.name || g.key)));
  }
  select.value = selected;
}

/** The range beside the title: `from 至 to · department`. */
export function showRange(q: DashboardQuery, departments: readonly MetricsRow[]): void {
  const name = departments.find((g) => g.key === q.department)?.name ?? q.department;
  byId('range-label').textContent = `${q.from} 至 ${q.to}${q.department ? ` · ${name}` : ' · 全部部门'}`;
}

export function onFilters(load: () => void): void {
  byId<HTMLFormElement>('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  departmentSelect().addEventListener('change', () => {
    syncExportChoices();
    load();
  });
}
