import { ElAlert, ElButton, ElSkeleton, ElTable, ElTableColumn, ElTag } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { RouterLink } from 'vue-router';
import { DISCLOSURE_CONSOLE_TEXT as T } from '../../../../../shared/domain/labels';
import type { DisclosureRow } from '../../api/disclosure';
import { formatBeijing } from '../../components/countdown';
import { CursorPager } from '../../components/cursor-pager';
import { StatusTag } from '../../components/status-tag';
import '../../components/case-table.css';

/**
 * A disclosure list: the tracking number opens the case (a link: Tab and Enter reach it), the
 * applicant with the last four of the identity number only, 收到申请之日, the reply's deadline (and
 * 中止计时 while paused), the status and one column the list needs (专人负责, 拟稿).
 */
export const DisclosureTable = defineComponent({
  name: 'DisclosureTable',
  props: {
    rows: { type: Array as PropType<readonly DisclosureRow[]>, required: true },
    caption: { type: String, required: true },
    emptyText: { type: String, required: true },
    loaded: { type: Boolean, required: true },
    loading: { type: Boolean, default: false },
    error: { type: String, default: undefined },
    page: { type: Number, required: true },
    hasPrevious: { type: Boolean, required: true },
    hasNext: { type: Boolean, required: true },
    extra: {
      type: Object as PropType<{ label: string; cell: (row: DisclosureRow) => string }>,
      required: true,
    },
  },
  emits: { previous: () => true, next: () => true, retry: () => true },
  setup(props, { emit }) {
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
          <div role="status" aria-busy="true" aria-label="正在加载">
            <ElSkeleton rows={5} animated />
          </div>
        ) : (
          <ElTable
            data={props.rows as DisclosureRow[]}
            rowKey="caseId"
            emptyText={props.error ? '加载失败' : props.emptyText}
            aria-label={props.caption}
          >
            <ElTableColumn label="工单号" minWidth={170}>
              {{
                default: ({ row }: { row: DisclosureRow }) => (
                  <RouterLink to={{ name: 'case', params: { caseId: row.caseId } }} class="case-link">
                    {row.trackingNo}
                  </RouterLink>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label={T.applicant} minWidth={160}>
              {{
                default: ({ row }: { row: DisclosureRow }) =>
                  `${row.applicant.name}（${row.applicant.identity}）`,
              }}
            </ElTableColumn>
            <ElTableColumn label={T.receivedOn} width={120}>
              {{ default: ({ row }: { row: DisclosureRow }) => row.receivedOn }}
            </ElTableColumn>
            <ElTableColumn label={T.deadline} minWidth={170}>
              {{
                default: ({ row }: { row: DisclosureRow }) => (
                  <span>
                    {formatBeijing(row.dueAt)}
                    {row.paused && (
                      <ElTag size="small" type="info" class="paused-tag">
                        {T.pauses}
                      </ElTag>
                    )}
                  </span>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="状态" width={130}>
              {{ default: ({ row }: { row: DisclosureRow }) => <StatusTag status={row.status} /> }}
            </ElTableColumn>
            <ElTableColumn label={props.extra.label} minWidth={200}>
              {{ default: ({ row }: { row: DisclosureRow }) => props.extra.cell(row) }}
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
