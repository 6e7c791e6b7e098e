import { ElAlert, ElButton, ElOption, ElSelect, ElSkeleton } from 'element-plus';
import { computed, defineComponent, onMounted, ref, shallowRef, watch } from 'vue';
import type { AnnualReportTable } from '../../../../../shared/domain/disclosure/annual-report';
import {
  requestsGrid,
  reviewsGrid,
  type SectionGrid,
} from '../../../../../shared/domain/disclosure/annual-report-layout';
import { ANNUAL_REPORT_TEXT, DISCLOSURE_CONSOLE_TEXT } from '../../../../../shared/domain/labels';
import { annualReport, annualReportFile } from '../../api/disclosure';
import { ApiError } from '../../api/http';
import { saveFile } from '../../composables/save-file';
import { htmlRows } from './grid-cells';
import './annual-report.css';

/** The years offered: this one (the report in progress) and the five before it. */
const YEARS_BACK = 5;

function beijingYear(now: Date = new Date()): number {
  return new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear();
}

const GridTable = defineComponent({
  name: 'AnnualReportGrid',
  props: {
    grid: { type: Object as () => SectionGrid, required: true },
    id: { type: String, required: true },
  },
  setup(props) {
    return () => (
      <section class="report-scroll" aria-labelledby={`${props.id}-caption`} tabindex={0}>
        <table class="report-table">
          <caption id={`${props.id}-caption`}>{props.grid.title}</caption>
          <tbody>
            {htmlRows(props.grid).map((cells, r) => (
              <tr key={r}>
                {cells.map((cell) =>
                  cell.heading ? (
                    <th
                      key={cell.column}
                      rowspan={cell.rowSpan}
                      colspan={cell.colSpan}
                      scope={
                        cell.heading === 'col'
                          ? cell.colSpan > 1
                            ? 'colgroup'
                            : 'col'
                          : cell.rowSpan > 1
                            ? 'rowgroup'
                            : 'row'
                      }
                    >
                      {cell.text}
                    </th>
                  ) : (
                    <td key={cell.column} rowspan={cell.rowSpan} colspan={cell.colSpan}>
                      {cell.text}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  },
});

/**
 * 年度报告 (analyst, supervisor): sections 三 and 四 of the national template for a year, drawn from
 * the same grids the CSV and XLSX exports use, so what is read here is what is pasted into the report.
 */
export default defineComponent({
  name: 'AnnualReportView',
  setup() {
    const thisYear = beijingYear();
    const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i);
    const year = ref(thisYear);
    const table = shallowRef<AnnualReportTable>();
    const loading = ref(false);
    const error = ref<string>();
    const downloading = ref<'csv' | 'xlsx'>();
    const downloadError = ref<string>();

    async function load(): Promise<void> {
      loading.value = true;
      error.value = undefined;
      const asked = year.value;
      try {
        const answer = await annualReport(asked);
        if (asked === year.value) table.value = answer;
      } catch (e) {
        if (asked === year.value) {
          table.value = undefined;
          error.value = e instanceof ApiError ? e.message : '网络异常，请稍后重试';
        }
      } finally {
        loading.value = false;
      }
    }
    onMounted(load);
    watch(year, load);

    async function download(format: 'csv' | 'xlsx'): Promise<void> {
      downloading.value = format;
      downloadError.value = undefined;
      try {
        saveFile(await annualReportFile(year.value, format), `${year.value}年政府信息公开申请情况.${format}`);
      } catch (e) {
        downloadError.value = e instanceof ApiError ? e.message : '下载失败，请重试';
      } finally {
        downloading.value = undefined;
      }
    }

    const grids = computed(() =>
      table.value ? { requests: requestsGrid(table.value), reviews: reviewsGrid(table.value) } : undefined,
    );

    return () => (
      <section class="annual-report" aria-labelledby="ar-title">
        <h1 id="ar-title">
          {DISCLOSURE_CONSOLE_TEXT.annualReport} · {ANNUAL_REPORT_TEXT.reportTitle}
        </h1>
        <div class="report-tools">
          <label for="ar-year">{DISCLOSURE_CONSOLE_TEXT.year}</label>
          <ElSelect id="ar-year" v-model={year.value} style="width: 120px">
            {years.map((y) => (
              <ElOption key={y} value={y} label={`${y} 年`} />
            ))}
          </ElSelect>
          <ElButton
            loading={downloading.value === 'csv'}
            onClick={() => download('csv')}
            data-testid="ar-csv"
          >
            {DISCLOSURE_CONSOLE_TEXT.downloadCsv}
          </ElButton>
          <ElButton
            loading={downloading.value === 'xlsx'}
            onClick={() => download('xlsx')}
            data-testid="ar-xlsx"
          >
            {DISCLOSURE_CONSOLE_TEXT.downloadXlsx}
          </ElButton>
        </div>
        <div aria-live="polite">
          {downloadError.value && (
            <ElAlert type="error" showIcon closable={false} title={downloadError.value} />
          )}
        </div>
        {error.value && (
          <ElAlert type="error" showIcon closable={false} title={error.value}>
            <ElButton size="small" onClick={load}>
              重试
            </ElButton>
          </ElAlert>
        )}
        {!grids.value && !error.value && (
          <div role="status" aria-busy="true" aria-label="正在加载年度报告">
            <ElSkeleton rows={10} animated />
          </div>
        )}
        {grids.value && (
          <div aria-busy={loading.value}>
            <GridTable grid={grids.value.requests} id="ar-requests" />
            <GridTable grid={grids.value.reviews} id="ar-reviews" />
          </div>
        )}
      </section>
    );
  },
});
