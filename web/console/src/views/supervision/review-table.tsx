import { ElAlert, ElButton, ElSkeleton, ElTable, ElTableColumn } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { RouterLink } from 'vue-router';
import { ACTION_TEXT } from '../../../../../shared/domain/labels';
import type { ActionName } from '../../../../../shared/domain/lifecycle/actions';
import type { SupervisionSummary } from '../../api/supervision';
import type { NameOf } from '../../components/case-table';
import { DeadlineCell } from '../../components/deadline-cell';
import { StatusTag } from '../../components/status-tag';
import { ACTIONS } from '../case-detail/actions';
import { DecisionCell } from './decision-cell';

/**
 * One review queue: each row with what is to be decided and the decisions as buttons (the same
 * action components as the case page), the tracking number opening the case and its history.
 */
export const ReviewTable = defineComponent({
  name: 'ReviewTable',
  props: {
    caption: { type: String, required: true },
    rows: { type: Array as PropType<readonly SupervisionSummary[]>, required: true },
    decisions: { type: Array as PropType<readonly ActionName[]>, required: true },
    decisionLabel: { type: String, default: '待决事项' },
    /** Whether the rows carry something to decide on (an extension, a rating) shown in a column. */
    showFacts: { type: Boolean, default: true },
    now: { type: Object as PropType<Date>, required: true },
    loaded: { type: Boolean, default: true },
    error: { type: String, default: undefined },
    emptyText: { type: String, required: true },
    busyId: { type: String, default: undefined },
    nameOf: { type: Function as PropType<NameOf>, required: true },
  },
  emits: { decide: (_action: ActionName, _caseId: string) => true, retry: () => true },
  setup(props, { emit }) {
    return () => (
      <div class="review-table">
        {props.error && (
          <ElAlert type="error" showIcon closable={false} title={props.error}>
            <ElButton size="small" onClick={() => emit('retry')}>
              重试
            </ElButton>
          </ElAlert>
        )}
        {!props.loaded && !props.error ? (
          <div role="status" aria-busy="true" aria-label="正在加载工单">
            <ElSkeleton rows={4} animated />
          </div>
        ) : (
          <ElTable
            data={props.rows as SupervisionSummary[]}
            rowKey="caseId"
            emptyText={props.error ? '加载失败' : props.emptyText}
            aria-label={props.caption}
          >
            <ElTableColumn label="工单号" minWidth={150}>
              {{
                default: ({ row }: { row: SupervisionSummary }) => (
                  <RouterLink to={{ name: 'case', params: { caseId: row.caseId } }} class="case-link">
                    {row.trackingNo}
                  </RouterLink>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="承办单位" minWidth={130}>
              {{
                default: ({ row }: { row: SupervisionSummary }) =>
                  row.departmentId ? props.nameOf('department', row.departmentId) : '—',
              }}
            </ElTableColumn>
            <ElTableColumn label="办理期限" minWidth={170}>
              {{
                default: ({ row }: { row: SupervisionSummary }) => <DeadlineCell row={row} now={props.now} />,
              }}
            </ElTableColumn>
            <ElTableColumn label="状态" width={130}>
              {{ default: ({ row }: { row: SupervisionSummary }) => <StatusTag status={row.status} /> }}
            </ElTableColumn>
            <ElTableColumn label="类别 · 属地" minWidth={130}>
              {{
                default: ({ row }: { row: SupervisionSummary }) =>
                  `${props.nameOf('category', row.category)} · ${props.nameOf('district', row.district)}`,
              }}
            </ElTableColumn>
            {props.decisions.length > 0 && props.showFacts && (
              <ElTableColumn label={props.decisionLabel} minWidth={240}>
                {{ default: ({ row }: { row: SupervisionSummary }) => <DecisionCell row={row} /> }}
              </ElTableColumn>
            )}
            <ElTableColumn label="操作" fixed="right" width={props.decisions.length > 1 ? 190 : 120}>
              {{
                default: ({ row }: { row: SupervisionSummary }) =>
                  props.decisions.length === 0 ? (
                    <RouterLink to={{ name: 'case', params: { caseId: row.caseId } }}>查看</RouterLink>
                  ) : (
                    <div class="decision-buttons">
                      {props.decisions.map((name) => {
                        const entry = ACTIONS[name];
                        return (
                          <ElButton
                            key={name}
                            size="small"
                            type={
                              entry?.tone === 'primary'
                                ? 'primary'
                                : entry?.tone === 'danger'
                                  ? 'danger'
                                  : undefined
                            }
                            plain={entry?.tone === 'danger'}
                            loading={props.busyId === `${name}:${row.caseId}`}
                            aria-label={`${entry?.label ?? ACTION_TEXT[name]} ${row.trackingNo}`}
                            data-action={name}
                            onClick={() => emit('decide', name, row.caseId)}
                          >
                            {entry?.label ?? ACTION_TEXT[name]}
                          </ElButton>
                        );
                      })}
                    </div>
                  ),
              }}
            </ElTableColumn>
          </ElTable>
        )}
      </div>
    );
  },
});
