import { ElAlert, ElButton } from 'element-plus';
import { computed, defineComponent, ref } from 'vue';
import { type DispatchSummary, dispatchQueue } from '../../api/dispatch';
import type { CaseSummary } from '../../api/types';
import { CaseTable } from '../../components/case-table';
import { useCursorPages } from '../../composables/use-cursor-pages';
import { useDirectoryNames } from '../../composables/use-directory-names';
import { usePoll } from '../../composables/use-poll';
import { useSession } from '../../stores/session';
import { returnView } from './assignment';
import { CasePanel } from './case-panel';
import './dispatch.css';

const PAGE_SIZE = 20;

/** The case last selected: selected again when the dispatcher comes back from a case's page. */
let lastSelected: string | undefined;

/**
 * 派单: the 待派单 queue (cases no rule routed, and cases their department returned, with the
 * reason), polled without moving the dispatcher's page or selection; the selected case beside it
 * with its content, the catalogue's suggestions and the actions (派单 / 改派 / 并单) in place.
 */
export default defineComponent({
  name: 'DispatchView',
  setup() {
    const session = useSession();
    const { nameOf } = useDirectoryNames();
    const selected = ref<string | undefined>(lastSelected);
    const done = ref<string>();
    const now = ref(new Date());
    const queue = useCursorPages((cursor) => dispatchQueue({ cursor, limit: PAGE_SIZE }));
    const { refresh } = usePoll(async () => {
      now.value = new Date();
      await queue.refresh();
    });

    const viewer = computed(() => ({
      role: session.user?.role ?? 'analyst',
      ...(session.user?.departmentId ? { departmentId: session.user.departmentId } : {}),
    }));
    const row = computed(() =>
      (queue.items.value as readonly DispatchSummary[]).find((r) => r.caseId === selected.value),
    );
    const select = (caseId: string) => {
      selected.value = caseId;
      lastSelected = caseId;
    };
    const returnedCell = (r: CaseSummary) => {
      const entry = (r as DispatchSummary).returned;
      if (!entry) return <span class="muted">未匹配派单规则</span>;
      const v = returnView(entry, (id) => nameOf()('department', id));
      return (
        <span class="returned-cell">
          <strong>退单：{v.reason}</strong>
          <span class="muted">{v.department ?? v.by}</span>
        </span>
      );
    };

    return () => (
      <section class="dispatch" aria-labelledby="dispatch-title">
        <header class="dispatch-head">
          <h1 id="dispatch-title">待派单</h1>
          <ElButton loading={queue.loading.value} onClick={() => void refresh()}>
            刷新
          </ElButton>
        </header>
        <div aria-live="polite">
          {done.value && (
            <ElAlert
              type="success"
              showIcon
              closable
              title={done.value}
              onClose={() => (done.value = undefined)}
            />
          )}
        </div>
        <div class="dispatch-body">
          <div class="dispatch-queue">
            <CaseTable
              caption="待派单工单（按办理期限排序）"
              rows={queue.items.value}
              now={now.value}
              loading={queue.loading.value}
              loaded={queue.loaded.value}
              error={queue.error.value}
              selectedId={selected.value}
              page={queue.page.value}
              hasPrevious={queue.hasPrevious.value}
              hasNext={queue.nextCursor.value !== null}
              emptyText="暂无待派单工单"
              nameOf={nameOf()}
              extra={{ label: '来由', minWidth: 170, cell: returnedCell }}
              onSelect={select}
              onPrevious={() => void queue.previous()}
              onNext={() => void queue.next()}
              onRetry={() => void queue.refresh().catch(() => undefined)}
            />
          </div>
          {row.value ? (
            <CasePanel
              key={row.value.caseId}
              row={row.value}
              viewer={viewer.value}
              onDone={(message: string) => {
                done.value = message;
                selected.value = undefined;
                void refresh();
              }}
            />
          ) : (
            <p class="dispatch-hint">选择左侧工单（点击行，或用 Tab 移到工单号）查看诉求内容和派单建议。</p>
          )}
        </div>
      </section>
    );
  },
});
