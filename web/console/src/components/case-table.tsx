import { ElAlert, ElButton, ElSkeleton, ElTable, ElTableColumn } from 'element-plus';
import { defineComponent, type PropType, type VNodeChild } from 'vue';
import { RouterLink } from 'vue-router';
import { TYPE_TEXT, URGENCY_TEXT } from '../../../../shared/domain/labels';
import type { CaseSummary } from '../api/types';
import { formatBeijing } from './countdown';
import { CursorPager } from './cursor-pager';
import { DeadlineCell } from './deadline-cell';
import { StatusTag } from './status-tag';
import './case-table.css';

/** Names for the directory's codes (类别, 属地); the code itself when the directory has none. */
export type NameOf = (kind: 'category' | 'district' | 'department', code: string) => string;

/**
 * A list of cases (a work queue, search results): the tracking number opens the case (a link, so
 * Tab and Enter reach it), the deadline cell counts down, and the cursor pager walks the API's
 * pages. The row the user picked stays highlighted across a refresh (by caseId, not by position).
 */
export const CaseTable = defineComponent({
  name: 'CaseTable',
  props: {
    rows: { type: Array as PropType<readonly CaseSummary[]>, required: true },
    now: { type: Object as PropType<Date>, required: true },
    loading: { type: Boolean, default: false },
    loaded: { type: Boolean, default: true },
    error: { type: String, default: undefined },
    selectedId: { type: String, default: undefined },
    page: { type: Number, default: 1 },
    hasPrevious: { type: Boolean, default: false },
    hasNext: { type: Boolean, default: false },
    emptyText: { type: String, default: '暂无工单' },
    caption: { type: String, required: true },
    nameOf: { type: Function as PropType<NameOf>, default: (_kind: string, code: string) => code },
    /** One more column a screen needs (the dispatchers' 退单原因), after the status. */
    extra: {
      type: Object as PropType<{ label: string; minWidth?: number; cell: (row: CaseSummary) => VNodeChild }>,
      default: undefined,
    },
  },
  emits: {
    select: (_caseId: string) => true,
    previous: () => true,
    next: () => true,
    retry: () => true,
  },
  setup(props, { emit }) {
    const rowClass = ({ row }: { row: CaseSummary }) =>
      row.supervision === 'overdue' ? 'row-overdue' : row.supervision ? 'row-supervised' : '';

    return () => (
      <div class="case-table">
        {props.error && (
          <ElAlert type="error" showIcon closable={false} title={props.error} class="case-table-error">
            <ElButton size="small" onClick={() => emit('retry')}>
              重试
            </ElButton>
          </ElAlert>
        )}
        {!props.loaded && !props.error ? (
          <div role="status" aria-busy="true" aria-label="正在加载工单">
            <ElSkeleton rows={5} animated />
          </div>
        ) : (
          <ElTable
            data={props.rows as CaseSummary[]}
            rowKey="caseId"
            highlightCurrentRow
            currentRowKey={props.selectedId}
            rowClassName={rowClass}
            emptyText={props.error ? '加载失败' : props.emptyText}
            aria-label={props.caption}
            {...{ 'onRow-click': (row: CaseSummary) => emit('select', row.caseId) }}
          >
            <ElTableColumn label="工单号" minWidth={170}>
              {{
                default: ({ row }: { row: CaseSummary }) => (
                  <RouterLink
                    to={{ name: 'case', params: { caseId: row.caseId } }}
                    class="case-link"
                    onFocus={() => emit('select', row.caseId)}
                  >
                    {row.trackingNo}
                  </RouterLink>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="办理期限" minWidth={200}>
              {{ default: ({ row }: { row: CaseSummary }) => <DeadlineCell row={row} now={props.now} /> }}
            </ElTableColumn>
            <ElTableColumn label="状态" width={150}>
              {{ default: ({ row }: { row: CaseSummary }) => <StatusTag status={row.status} /> }}
            </ElTableColumn>
            {props.extra && (
              <ElTableColumn label={props.extra.label} minWidth={props.extra.minWidth ?? 160}>
                {{ default: ({ row }: { row: CaseSummary }) => props.extra?.cell(row) }}
              </ElTableColumn>
            )}
            <ElTableColumn label="类型" width={110}>
              {{
                default: ({ row }: { row: CaseSummary }) =>
                  `${TYPE_TEXT[row.type] ?? row.type}${row.urgency === 'urgent' ? ` · ${URGENCY_TEXT.urgent}` : ''}`,
              }}
            </ElTableColumn>
            <ElTableColumn label="类别" minWidth={120}>
              {{ default: ({ row }: { row: CaseSummary }) => props.nameOf('category', row.category) }}
            </ElTableColumn>
            <ElTableColumn label="属地" minWidth={100}>
              {{ default: ({ row }: { row: CaseSummary }) => props.nameOf('district', row.district) }}
            </ElTableColumn>
            <ElTableColumn label="受理时间" width={150}>
              {{ default: ({ row }: { row: CaseSummary }) => formatBeijing(row.receivedAt) }}
            </ElTableColumn>
          </ElTable>
        )}
        <CursorPager
          caption={props.caption}
          page={props.page}
          hasPrevious={props.hasPrevious}
          hasNext={props.hasNext}
          loading={props.loading}
          onPrevious={() => emit('previous')}
          onNext={() => emit('next')}
        />
      </div>
    );
  },
});
