import { ElAlert, ElButton, ElSkeleton } from 'element-plus';
import { defineComponent, onMounted, type PropType, ref, shallowRef, watch } from 'vue';
import { RouterLink } from 'vue-router';
import { ACTION_TEXT, TYPE_TEXT, URGENCY_TEXT } from '../../../../../shared/domain/labels';
import { getCase } from '../../api/cases';
import { type DispatchSummary, type RoutingSuggestion, routingOf } from '../../api/dispatch';
import { ApiError } from '../../api/http';
import type { StaffCase } from '../../api/types';
import { formatBeijing } from '../../components/countdown';
import { StatusTag } from '../../components/status-tag';
import { useDirectoryNames } from '../../composables/use-directory-names';
import { ActionBar } from '../case-detail/action-bar';
import type { Viewer } from '../case-detail/available-actions';
import { returnView, typedText } from './assignment';

/**
 * The selected case beside the queue: why it is here (the return's reason and who returned it), the
 * citizen's words, the catalogue's suggestions, and the dispatcher's actions opened in place.
 */
export const CasePanel = defineComponent({
  name: 'DispatchCasePanel',
  props: {
    row: { type: Object as PropType<DispatchSummary>, required: true },
    viewer: { type: Object as PropType<Viewer>, required: true },
  },
  emits: { done: (_message: string) => true },
  setup(props, { emit }) {
    const { nameOf } = useDirectoryNames();
    const kase = shallowRef<StaffCase>();
    const suggestions = shallowRef<readonly RoutingSuggestion[]>();
    const error = ref<string>();

    async function load(): Promise<void> {
      error.value = undefined;
      const id = props.row.caseId;
      try {
        const [k, r] = await Promise.all([getCase(id), routingOf(id).catch(() => ({ suggestions: [] }))]);
        if (id !== props.row.caseId) return;
        kase.value = k;
        suggestions.value = r.suggestions;
      } catch (e) {
        error.value = e instanceof ApiError ? e.message : '网络异常，请稍后重试';
      }
    }
    onMounted(load);
    watch(
      () => props.row.caseId,
      () => {
        kase.value = undefined;
        suggestions.value = undefined;
        void load();
      },
    );

    return () => {
      const k = kase.value;
      const dept = (id: string) => nameOf()('department', id);
      const returned = props.row.returned ? returnView(props.row.returned, dept) : undefined;
      return (
        <section class="dispatch-panel" aria-labelledby="dispatch-panel-title">
          <header class="dispatch-panel-head">
            <h2 id="dispatch-panel-title">工单 {props.row.trackingNo}</h2>
            <StatusTag status={props.row.status} />
            <RouterLink to={{ name: 'case', params: { caseId: props.row.caseId } }}>打开工单详情</RouterLink>
          </header>
          {returned && (
            <ElAlert type="warning" showIcon closable={false} title={`退单原因：${returned.reason}`}>
              <p class="returned-by" data-testid="returned-by">
                {returned.department ? `退单单位：${returned.department}；` : ''}操作人：{returned.by}；时间：
                {formatBeijing(returned.at)}
              </p>
              {returned.text && <p>说明：{returned.text}</p>}
            </ElAlert>
          )}
          {error.value && (
            <ElAlert type="error" showIcon closable={false} title={error.value}>
              <ElButton size="small" onClick={load}>
                重试
              </ElButton>
            </ElAlert>
          )}
          {!k && !error.value && (
            <div role="status" aria-busy="true" aria-label="正在加载工单">
              <ElSkeleton rows={4} animated />
            </div>
          )}
          {k && (
            <>
              <p class="dispatch-meta">
                {TYPE_TEXT[k.type] ?? k.type} · {URGENCY_TEXT[k.urgency] ?? k.urgency} · 类别{' '}
                {nameOf()('category', k.category)} · 属地 {nameOf()('district', k.district)}
                {k.address ? ` · ${k.address}` : ''}
              </p>
              {typedText(k) && (
                // The call centre's agent typed what the catalogue did not resolve: the dispatcher decides.
                <ElAlert
                  type="info"
                  showIcon
                  closable={false}
                  title="话务员所填内容未能对应目录，请核定后派单"
                >
                  <p data-testid="panel-typed">{typedText(k)}</p>
                </ElAlert>
              )}
              <h3 class="form-subtitle">诉求内容</h3>
              <p class="appeal-text" data-testid="panel-content">
                {k.content}
              </p>
              <h3 class="form-subtitle">派单建议</h3>
              {suggestions.value === undefined ? (
                <p class="hint">正在读取…</p>
              ) : suggestions.value.length === 0 ? (
                <p class="hint" data-testid="no-suggestion">
                  目录中没有适用于该类别和属地的规则，请在派单时直接选择单位。
                </p>
              ) : (
                <ol class="panel-suggestions" data-testid="panel-suggestions">
                  {suggestions.value.map((s) => (
                    <li key={s.ruleId}>
                      主办 {s.departmentName}
                      {s.coHandlers.length > 0 &&
                        `，协办 ${s.coHandlers.map((c) => c.departmentName).join('、')}`}
                    </li>
                  ))}
                </ol>
              )}
              <ActionBar
                kase={k}
                viewer={props.viewer}
                onDone={(_updated: StaffCase, action) => emit('done', `已完成：${ACTION_TEXT[action]}`)}
                onReload={load}
              />
            </>
          )}
        </section>
      );
    };
  },
});
