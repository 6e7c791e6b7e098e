import { ElAlert, ElButton, ElEmpty, ElInput, ElSkeleton, ElTabPane, ElTabs } from 'element-plus';
import { computed, defineComponent, ref, shallowRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { type AgentCall, agentCalls } from '../../api/agent';
import { type StaffDirectory, staffDirectory } from '../../api/directory';
import { usePoll } from '../../composables/use-poll';
import { useSession } from '../../stores/session';
import { AppealForm, type SubmittedAppeal } from './appeal-form';
import { AppealReceipt } from './appeal-receipt';
import { CallHeader } from './call-header';
import { CallList } from './call-list';
import { CallbackPanel } from './callback-panel';
import { countText } from './callback-rows';
import { callToOpen } from './calls';
import type { NameOf } from './case-links';
import { CaseLookup } from './case-lookup';
import './agent.css';

/**
 * A new answered call should be on screen while the caller says hello, not 15 s later; an
 * unchanged list answers 304, so the shorter poll costs little.
 */
const CALLS_POLL_MS = 5_000;

type SideTab = 'calls' | 'callbacks';

/**
 * 坐席受理: the agent's answered calls, the appeal typed for the one on the line, a look-up, and
 * beside the calls the 漏接回拨 list (a tab with its count: the live call keeps the main area).
 */
export default defineComponent({
  name: 'AgentView',
  setup() {
    const session = useSession();
    const route = useRoute();
    const router = useRouter();
    const user = computed(() => session.user);

    // A supervisor watches (and may type for) an agent's calls by the agent's CTI id.
    const watchedAgent = ref(typeof route.query.agent === 'string' ? route.query.agent : '');
    const agentId = computed(() =>
      user.value?.role === 'supervisor'
        ? watchedAgent.value.trim() || user.value.agentId
        : user.value?.agentId,
    );

    const directory = shallowRef<StaffDirectory>();
    const directoryError = ref<string>();
    const names = computed(() => {
      const map = new Map<string, string>();
      for (const c of directory.value?.categories ?? []) map.set(`category:${c.code}`, c.name);
      for (const d of directory.value?.districts ?? []) map.set(`district:${d.code}`, d.name);
      for (const d of directory.value?.departments ?? []) map.set(`department:${d.id}`, d.name);
      return map;
    });
    const nameOf: NameOf = (kind, code) => names.value.get(`${kind}:${code}`) ?? code;

    async function loadDirectory(): Promise<void> {
      directoryError.value = undefined;
      try {
        directory.value = await staffDirectory();
      } catch (e) {
        directoryError.value = e instanceof Error ? e.message : '加载失败';
      }
    }
    void loadDirectory();

    const side = ref<SideTab>(route.query.side === 'callbacks' ? 'callbacks' : 'calls');
    const callbackCount = ref<string>();
    function showSide(tab: SideTab): void {
      side.value = tab;
      void router.replace({ query: { ...route.query, side: tab === 'calls' ? undefined : tab } });
    }

    const calls = shallowRef<readonly AgentCall[]>();
    const callsError = ref<string>();
    const current = ref<string | undefined>(
      typeof route.query.call === 'string' ? route.query.call : undefined,
    );
    const autofocus = ref(true);
    const submitted = ref(new Map<string, SubmittedAppeal>());
    const submittedIds = computed(() => new Set(submitted.value.keys()));
    let seen: Set<string> | undefined;
    let seenFor: string | undefined;

    function open(callId: string | undefined, byAgent: boolean): void {
      if (callId === current.value) return;
      // A call that opens by itself takes the focus unless the agent is typing a look-up.
      autofocus.value = byAgent || !document.activeElement?.closest('.lookup');
      current.value = callId;
      void router.replace({ query: { ...route.query, call: callId } });
    }

    async function loadCalls(): Promise<void> {
      if (!agentId.value) {
        calls.value = [];
        return;
      }
      try {
        const asked = agentId.value;
        const { items } = await agentCalls(user.value?.role === 'supervisor' ? asked : undefined);
        if (asked !== agentId.value) return;
        if (seenFor !== asked) seen = undefined;
        calls.value = items;
        callsError.value = undefined;
        open(callToOpen({ items, seen, current: current.value, submitted: submittedIds.value }), false);
        seen = new Set(items.map((c) => c.callId));
        seenFor = asked;
      } catch (e) {
        callsError.value = e instanceof Error ? e.message : '加载失败';
      }
    }
    const { refresh } = usePoll(loadCalls, CALLS_POLL_MS);

    function watchAgent(): void {
      void router.replace({ query: { ...route.query, agent: watchedAgent.value.trim() || undefined } });
      calls.value = undefined;
      current.value = undefined;
      void refresh();
    }

    const openCall = computed(() => calls.value?.find((c) => c.callId === current.value));

    function onSubmitted(appeal: SubmittedAppeal): void {
      submitted.value = new Map(submitted.value).set(appeal.callId, appeal);
      void refresh();
    }

    function renderCallArea() {
      const call = openCall.value;
      if (directoryError.value)
        return (
          <ElAlert
            type="error"
            title={`类别与区域目录加载失败：${directoryError.value}`}
            closable={false}
            showIcon
          >
            <ElButton size="small" onClick={loadDirectory}>
              重试
            </ElButton>
          </ElAlert>
        );
      if (!directory.value || (calls.value === undefined && !callsError.value))
        return <ElSkeleton rows={6} animated />;
      if (!call)
        return (
          <ElEmpty
            description={
              calls.value?.length
                ? '请从左侧来电列表中选择来电'
                : '暂无待录入的来电；接起来电后会自动打开录入表单'
            }
          />
        );
      const done = submitted.value.get(call.callId);
      const trackingNo = done?.trackingNo ?? call.trackingNo;
      return (
        <div class="call-area">
          <CallHeader call={call} nameOf={nameOf} />
          {trackingNo ? (
            <AppealReceipt
              key={`receipt-${call.callId}`}
              trackingNo={trackingNo}
              caseId={done?.caseId ?? call.caseId}
              answeredDirectly={done?.answeredDirectly}
              autofocus={done !== undefined}
            />
          ) : (
            <AppealForm
              key={call.callId}
              callId={call.callId}
              userSub={user.value?.sub ?? 'anonymous'}
              directory={directory.value}
              nameOf={nameOf}
              autofocus={autofocus.value}
              onSubmitted={onSubmitted}
            />
          )}
        </div>
      );
    }

    const renderCalls = () => (
      <section class="calls" aria-labelledby="calls-title">
        <div class="panel-head">
          <h2 id="calls-title" class="visually-hidden">
            已接来电
          </h2>
          <ElButton size="small" text onClick={refresh} aria-label="刷新来电列表">
            刷新
          </ElButton>
        </div>
        {user.value?.role === 'supervisor' && (
          <form
            class="watch-agent"
            onSubmit={(e: Event) => {
              e.preventDefault();
              watchAgent();
            }}
          >
            <ElInput v-model={watchedAgent.value} aria-label="坐席工号" placeholder="坐席工号，如 a-017" />
            <ElButton nativeType="submit" size="small">
              查看
            </ElButton>
          </form>
        )}
        {!agentId.value ? (
          <p class="hint">
            {user.value?.role === 'supervisor'
              ? '输入坐席工号查看其已接来电。'
              : '当前账号未绑定坐席工号（agentId），看不到来电；请联系系统管理员。'}
          </p>
        ) : callsError.value ? (
          <ElAlert type="error" title={`来电列表加载失败：${callsError.value}`} closable={false} showIcon />
        ) : calls.value === undefined ? (
          <ElSkeleton rows={3} animated />
        ) : calls.value.length === 0 ? (
          <p class="hint">最近 12 小时没有已接来电。</p>
        ) : (
          <CallList
            items={calls.value}
            current={current.value}
            submitted={submittedIds.value}
            onOpen={(id: string) => open(id, true)}
          />
        )}
      </section>
    );

    return () => (
      <section class="agent-desk" aria-labelledby="agent-title">
        <h1 id="agent-title">坐席受理</h1>
        <div class="desk-grid">
          <aside class="desk-side" aria-label="来电与查询">
            <ElTabs
              class="panel side-tabs"
              modelValue={side.value}
              onUpdate:modelValue={(v: string | number) =>
                showSide(v === 'callbacks' ? 'callbacks' : 'calls')
              }
            >
              <ElTabPane name="calls" label="已接来电">
                {renderCalls()}
              </ElTabPane>
              <ElTabPane name="callbacks">
                {{
                  label: () => (
                    <span data-testid="callbacks-tab">
                      漏接回拨
                      {callbackCount.value !== undefined && (
                        <span class="tab-count">
                          {callbackCount.value}
                          <span class="visually-hidden"> 个待回拨</span>
                        </span>
                      )}
                    </span>
                  ),
                  default: () => (
                    <CallbackPanel
                      scope={user.value?.role === 'supervisor' ? 'all' : 'offered'}
                      userSub={user.value?.sub ?? 'anonymous'}
                      directory={directory.value}
                      nameOf={nameOf}
                      onCount={(shown: number, more: boolean) => {
                        callbackCount.value = countText(shown, more);
                      }}
                    />
                  ),
                }}
              </ElTabPane>
            </ElTabs>
            <CaseLookup nameOf={nameOf} />
          </aside>
          <div class="desk-main">{renderCallArea()}</div>
        </div>
      </section>
    );
  },
});
