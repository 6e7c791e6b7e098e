import { ElAlert, ElButton, ElTabPane, ElTabs } from 'element-plus';
import { computed, defineComponent, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { SUPERVISION_TEXT } from '../../../../../shared/domain/labels';
import { departmentQueue } from '../../api/cases';
import type { SupervisionState } from '../../api/types';
import { CaseTable } from '../../components/case-table';
import { useCursorPages } from '../../composables/use-cursor-pages';
import { useDirectoryNames } from '../../composables/use-directory-names';
import { usePoll } from '../../composables/use-poll';
import { useSession } from '../../stores/session';
import './department.css';

type Tab = 'lead' | 'co';

const PAGE_SIZE = 20;
/** The hours countdown of urgent cases moves between polls too. */
const CLOCK_MS = 30_000;

/** The case last opened from the queue: highlighted again when the user comes back. */
let lastSelected: string | undefined;

/**
 * 承办: the department's work queue, soonest deadline first, with the working-day countdown and the
 * 督办 state; a second tab lists the cases it co-handles (协办), read-only. Polling refreshes the page
 * on screen without moving the user's page or selection.
 */
export default defineComponent({
  name: 'DepartmentView',
  setup() {
    const session = useSession();
    const route = useRoute();
    const router = useRouter();
    const { nameOf } = useDirectoryNames();
    const departmentId = computed(() => session.user?.departmentId);
    const tab = ref<Tab>(route.query.tab === 'co' ? 'co' : 'lead');
    const selected = ref<string | undefined>(lastSelected);
    const now = ref(new Date());

    const queues = {
      lead: useCursorPages((cursor) =>
        departmentQueue(departmentId.value ?? '', { cursor, limit: PAGE_SIZE }),
      ),
      co: useCursorPages(async (cursor) => {
        const page = await departmentQueue(departmentId.value ?? '', { cursor, limit: PAGE_SIZE, as: 'co' });
        return { items: page.items, nextCursor: page.nextCursor ?? null };
      }),
    };
    const queue = computed(() => queues[tab.value]);

    const { refresh } = usePoll(async () => {
      if (!departmentId.value) return;
      now.value = new Date();
      await queue.value.refresh();
    });

    watch(tab, (t) => {
      void router.replace({ query: t === 'co' ? { tab: 'co' } : {} });
      if (!queues[t].loaded.value) void refresh();
    });

    let clock: ReturnType<typeof setInterval> | undefined;
    onMounted(() => {
      clock = setInterval(() => {
        now.value = new Date();
      }, CLOCK_MS);
    });
    onBeforeUnmount(() => clearInterval(clock));

    const tally = computed(() => {
      const counts: Record<SupervisionState, number> = { overdue: 0, reminded: 0, warned: 0 };
      for (const row of queues.lead.items.value) if (row.supervision) counts[row.supervision]++;
      return counts;
    });

    const select = (caseId: string) => {
      selected.value = caseId;
      lastSelected = caseId;
    };

    const table = (which: Tab, caption: string, emptyText: string) => {
      const q = queues[which];
      return (
        <CaseTable
          caption={caption}
          rows={q.items.value}
          now={now.value}
          loading={q.loading.value}
          loaded={q.loaded.value}
          error={q.error.value}
          selectedId={selected.value}
          page={q.page.value}
          hasPrevious={q.hasPrevious.value}
          hasNext={q.nextCursor.value !== null}
          emptyText={emptyText}
          nameOf={nameOf()}
          onSelect={select}
          onPrevious={() => void q.previous()}
          onNext={() => void q.next()}
          onRetry={() => void q.refresh().catch(() => undefined)}
        />
      );
    };

    return () => (
      <section class="department" aria-labelledby="department-title">
        <header class="department-head">
          <h1 id="department-title">承办工单</h1>
          {departmentId.value && (
            <>
              <p class="tally" aria-live="polite">
                {(['overdue', 'reminded', 'warned'] as const).map((s) => (
                  <span key={s} class={`tally-${s}`}>
                    {SUPERVISION_TEXT[s]} {tally.value[s]}
                  </span>
                ))}
                <span class="tally-note">（本页）</span>
              </p>
              <ElButton loading={queue.value.loading.value} onClick={() => void refresh()}>
                刷新
              </ElButton>
            </>
          )}
        </header>
        {!departmentId.value ? (
          <ElAlert
            type="warning"
            showIcon
            closable={false}
            title="当前账号未绑定承办单位，请联系系统管理员。"
          />
        ) : (
          <ElTabs v-model={tab.value}>
            <ElTabPane label="本单位主办" name="lead">
              {table('lead', '本单位主办工单（按办理期限排序）', '暂无待办工单')}
            </ElTabPane>
            <ElTabPane label="协办工单（只读）" name="co">
              {table('co', '本单位协办工单', '暂无协办工单')}
            </ElTabPane>
          </ElTabs>
        )}
      </section>
    );
  },
});
