import { ElAlert, ElButton, ElTabPane, ElTabs } from 'element-plus';
import { computed, defineComponent, h, ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ACTION_TEXT } from '../../../../../shared/domain/labels';
import type { ActionName } from '../../../../../shared/domain/lifecycle/actions';
import { departmentQueue, getCase } from '../../api/cases';
import { staffDirectory } from '../../api/directory';
import { ApiError } from '../../api/http';
import { type SupervisionQueue, supervisionQueue } from '../../api/supervision';
import type { StaffCase } from '../../api/types';
import { useCursorPages } from '../../composables/use-cursor-pages';
import { useDirectoryNames } from '../../composables/use-directory-names';
import { usePoll } from '../../composables/use-poll';
import { ACTIONS } from '../case-detail/actions';
import { CallbackWatch } from './callback-watch';
import { inBatches, type OverdueView, overdueOf } from './overdue';
import { ReviewTable } from './review-table';
import './supervision.css';
import { CursorPager } from '../../components/cursor-pager';

type Tab = SupervisionQueue | 'overdue' | 'callbacks';
const TABS: readonly Tab[] = ['extension', 'dissatisfied', 'overdue', 'callbacks'];
const PAGE_SIZE = 20;
/** Each department's first page: its overdue cases lead it (soonest deadline first). */
const OVERDUE_PAGE = 50;
const OVERDUE_PARALLEL = 4;

/**
 * 督办: the review queues. 延期审批 (extension requests: approve or reject with a reason), 不满意
 * (dissatisfied ratings: reopen 重办 or force-close with a reason), and 逾期, gathered from the
 * departments' queues because the API keeps no overdue queue (see overdue.ts). Decisions open the
 * case page's action dialogs on the version read at the click: a change meanwhile answers 409.
 */
export default defineComponent({
  name: 'SupervisionView',
  setup() {
    const route = useRoute();
    const router = useRouter();
    const { nameOf } = useDirectoryNames();
    const tab = ref<Tab>(TABS.includes(route.query.tab as Tab) ? (route.query.tab as Tab) : 'extension');
    const now = ref(new Date());
    const done = ref<string>();
    const openError = ref<string>();
    const busy = ref<string>();
    const active = shallowRef<{ name: ActionName; kase: StaffCase }>();

    const queues = {
      extension: useCursorPages((cursor) => supervisionQueue('extension', { cursor, limit: PAGE_SIZE })),
      dissatisfied: useCursorPages((cursor) =>
        supervisionQueue('dissatisfied', { cursor, limit: PAGE_SIZE }),
      ),
    };

    const overdue = shallowRef<OverdueView>();
    const overdueError = ref<string>();
    const overdueLoading = ref(false);
    async function loadOverdue(): Promise<void> {
      overdueLoading.value = true;
      try {
        const { departments } = await staffDirectory();
        const pages = await inBatches(departments, OVERDUE_PARALLEL, async (d) => ({
          departmentId: d.id,
          page: await departmentQueue(d.id, { limit: OVERDUE_PAGE }),
        }));
        now.value = new Date();
        overdue.value = overdueOf(pages, now.value);
        overdueError.value = undefined;
      } catch (e) {
        overdueError.value = e instanceof ApiError ? e.message : '网络异常，请稍后重试';
      } finally {
        overdueLoading.value = false;
      }
    }

    // The two review queues are polled (cheap with ETags); 逾期 reads every department's queue, so
    // only when opened and on 刷新.
    const { refresh } = usePoll(async () => {
      now.value = new Date();
      // 逾期 is read on demand; 漏接回拨 polls itself while its tab is open.
      if (tab.value === 'overdue' || tab.value === 'callbacks') return;
      await queues[tab.value].refresh();
    });
    watch(tab, (t) => {
      void router.replace({ query: t === 'extension' ? {} : { tab: t } });
      if (t === 'overdue') void loadOverdue();
      else if (t !== 'callbacks' && !queues[t].loaded.value) void refresh();
    });
    if (tab.value === 'overdue') void loadOverdue();

    const loading = computed(() =>
      tab.value === 'overdue'
        ? overdueLoading.value
        : tab.value === 'callbacks'
          ? false
          : queues[tab.value].loading.value,
    );
    const callbackWatch = ref<{ refresh: () => Promise<void> }>();

    async function decide(name: ActionName, caseId: string): Promise<void> {
      busy.value = `${name}:${caseId}`;
      openError.value = undefined;
      try {
        active.value = { name, kase: await getCase(caseId) };
      } catch (e) {
        openError.value = e instanceof ApiError ? e.message : '网络异常，请稍后重试';
      } finally {
        busy.value = undefined;
      }
    }

    const reloadAll = () =>
      tab.value === 'overdue'
        ? loadOverdue()
        : tab.value === 'callbacks'
          ? (callbackWatch.value?.refresh() ?? Promise.resolve())
          : refresh();

    const queueTable = (q: SupervisionQueue, caption: string, decisions: ActionName[], empty: string) => {
      const list = queues[q];
      return (
        <>
          <ReviewTable
            caption={caption}
            rows={list.items.value}
            decisions={decisions}
            decisionLabel={q === 'extension' ? '延期申请' : '市民评价'}
            now={now.value}
            loaded={list.loaded.value}
            error={list.error.value}
            emptyText={empty}
            busyId={busy.value}
            nameOf={nameOf()}
            onDecide={(name: ActionName, caseId: string) => void decide(name, caseId)}
            onRetry={() => void list.refresh().catch(() => undefined)}
          />
          <CursorPager
            caption={caption}
            page={list.page.value}
            hasPrevious={list.hasPrevious.value}
            hasNext={list.nextCursor.value !== null}
            loading={list.loading.value}
            onPrevious={() => void list.previous()}
            onNext={() => void list.next()}
          />
        </>
      );
    };

    return () => {
      const act = active.value;
      const entry = act ? ACTIONS[act.name] : undefined;
      return (
        <section class="supervision" aria-labelledby="supervision-title">
          <header class="supervision-head">
            <h1 id="supervision-title">督办</h1>
            <ElButton loading={loading.value} onClick={() => void reloadAll()}>
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
            {openError.value && <ElAlert type="error" showIcon closable={false} title={openError.value} />}
          </div>
          <ElTabs v-model={tab.value}>
            <ElTabPane label="延期审批" name="extension">
              {queueTable(
                'extension',
                '待审批的延期申请',
                ['approve_extension', 'reject_extension'],
                '暂无待审批的延期申请',
              )}
            </ElTabPane>
            <ElTabPane label="不满意工单" name="dissatisfied">
              {queueTable('dissatisfied', '市民不满意的工单', ['reopen', 'close'], '暂无不满意工单')}
            </ElTabPane>
            <ElTabPane label="逾期工单" name="overdue">
              <p class="hint">
                逾期工单汇总自各承办单位的工单队列（按办理期限排序，每单位读取最早到期的 {OVERDUE_PAGE}{' '}
                件）；催办要求写入办理记录，承办单位可见，点工单号查看办理记录。
              </p>
              {overdue.value && overdue.value.more.length > 0 && (
                <ElAlert
                  type="warning"
                  showIcon
                  closable={false}
                  title={`以下单位逾期工单超过 ${OVERDUE_PAGE} 件，此处只列出前 ${OVERDUE_PAGE} 件：${overdue.value.more
                    .map((id) => nameOf()('department', id))
                    .join('、')}`}
                />
              )}
              <ReviewTable
                caption="逾期工单（按办理期限排序）"
                rows={overdue.value?.rows ?? []}
                decisions={['remind']}
                showFacts={false}
                busyId={busy.value}
                onDecide={(name: ActionName, caseId: string) => void decide(name, caseId)}
                now={now.value}
                loaded={overdue.value !== undefined}
                error={overdueError.value}
                emptyText="暂无逾期工单"
                nameOf={nameOf()}
                onRetry={() => void loadOverdue()}
              />
            </ElTabPane>
            <ElTabPane label="漏接回拨" name="callbacks" lazy>
              <CallbackWatch ref={callbackWatch} />
            </ElTabPane>
          </ElTabs>
          {act &&
            entry &&
            h(entry.component, {
              key: `${act.name}-${act.kase.caseId}-${act.kase.version}`,
              kase: act.kase,
              onDone: (k: StaffCase) => {
                active.value = undefined;
                done.value = `已完成：${ACTION_TEXT[act.name]}（工单 ${k.trackingNo}）`;
                void reloadAll();
              },
              onClose: () => {
                if (active.value === act) active.value = undefined;
              },
              // After a 409 the queue is read again: the row shows the case as it is now (or is gone,
              // decided by someone else), and the supervisor decides again from there.
              onReload: () => {
                active.value = undefined;
                void reloadAll();
              },
            })}
        </section>
      );
    };
  },
});
