import { ElAlert, ElButton, ElSkeleton } from 'element-plus';
import { computed, defineComponent, onMounted, ref, shallowRef, watch } from 'vue';
import { RouterLink } from 'vue-router';
import { supervisionStateOf } from '../../../../../shared/domain/case-summary';
import { ACTION_TEXT } from '../../../../../shared/domain/labels';
import { getCase } from '../../api/cases';
import { ApiError } from '../../api/http';
import type { CaseSummary, StaffCase } from '../../api/types';
import { DeadlineCell } from '../../components/deadline-cell';
import { HistoryTimeline } from '../../components/history-timeline';
import { StatusTag } from '../../components/status-tag';
import { useDirectoryNames } from '../../composables/use-directory-names';
import { useSession } from '../../stores/session';
import { ActionBar } from './action-bar';
import { CaseFacts } from './case-facts';
import { CaseRecords } from './case-records';
import { CaseState } from './case-state';
import { DisclosurePanel } from './disclosure/disclosure-panel';
import './case-detail.css';

type ShownCase = StaffCase & { workingDaysLeft?: number };

/** The case as the deadline cell reads a list's row. */
function rowOf(k: ShownCase): CaseSummary & { paused: boolean } {
  return { ...k, supervision: supervisionStateOf(k), paused: k.pausedSince !== undefined };
}

/**
 * 工单详情, for every role that reads cases: the appeal, every field, what is in progress, the
 * attachments and notices, the full history, and the actions the signed-in role may take now.
 * Not polled: an action is sent against the version on screen, and a change by someone else shows
 * as a 409 with a reload, never by the page changing under the user's hands.
 */
export default defineComponent({
  name: 'CaseDetailView',
  props: { caseId: { type: String, required: true } },
  setup(props) {
    const session = useSession();
    const { nameOf } = useDirectoryNames();
    const kase = shallowRef<ShownCase>();
    const loading = ref(false);
    const error = ref<string>();
    const done = ref<string>();
    const now = ref(new Date());

    async function load(): Promise<void> {
      loading.value = true;
      error.value = undefined;
      try {
        kase.value = await getCase(props.caseId);
        now.value = new Date();
      } catch (e) {
        error.value =
          e instanceof ApiError
            ? e.status === 404
              ? '未找到该工单，或本单位无权查看'
              : e.message
            : '网络异常，请稍后重试';
      } finally {
        loading.value = false;
      }
    }

    onMounted(load);
    watch(
      () => props.caseId,
      () => {
        kase.value = undefined;
        done.value = undefined;
        void load();
      },
    );

    const viewer = computed(() => ({
      role: session.user?.role ?? 'analyst',
      ...(session.user?.departmentId ? { departmentId: session.user.departmentId } : {}),
    }));
    const coHandling = computed(
      () =>
        viewer.value.role === 'department' &&
        kase.value !== undefined &&
        kase.value.departmentId !== viewer.value.departmentId,
    );
    const backTo = computed(() =>
      viewer.value.role === 'department' ? { name: 'department' } : { name: 'home' },
    );

    return () => {
      const k = kase.value;
      return (
        <section class="case-detail" aria-labelledby="case-detail-title">
          <nav class="case-back" aria-label="返回">
            <RouterLink to={backTo.value}>← 返回工作列表</RouterLink>
          </nav>
          <header class="case-head">
            <h1 id="case-detail-title">工单 {k?.trackingNo ?? ''}</h1>
            {k && <StatusTag status={k.status} />}
            {k && (
              <ElButton size="small" loading={loading.value} onClick={load}>
                刷新
              </ElButton>
            )}
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
          {error.value && (
            <ElAlert type="error" showIcon closable={false} title={error.value}>
              <ElButton size="small" onClick={load}>
                重试
              </ElButton>
            </ElAlert>
          )}
          {!k && !error.value && (
            <div role="status" aria-busy="true" aria-label="正在加载工单">
              <ElSkeleton rows={8} animated />
            </div>
          )}
          {k && (
            <>
              <div class="case-deadline">
                <DeadlineCell row={rowOf(k)} now={now.value} />
              </div>
              {coHandling.value && (
                <ElAlert
                  type="info"
                  showIcon
                  closable={false}
                  title="本单位为协办单位：可查看工单，由主办单位办理。"
                />
              )}
              <ActionBar
                kase={k}
                viewer={viewer.value}
                now={now.value}
                onDone={(updated: StaffCase, action) => {
                  kase.value = updated;
                  now.value = new Date();
                  done.value = `已完成：${ACTION_TEXT[action]}`;
                  // The countdown is the server's: read the case again for it (cheap, and the
                  // summary fields are not in the action's answer).
                  void load();
                }}
                onReload={load}
              />
              <CaseState kase={k} />
              <section class="case-appeal" aria-labelledby="appeal-title">
                <h2 id="appeal-title">诉求内容</h2>
                <p class="appeal-text">{k.content}</p>
              </section>
              {k.reply && (
                <section class="case-reply" aria-labelledby="reply-title">
                  <h2 id="reply-title">答复市民</h2>
                  <p class="appeal-text">{k.reply}</p>
                </section>
              )}
              {k.disclosure && <DisclosurePanel kase={k} nameOf={nameOf()} />}
              <CaseFacts kase={k} nameOf={nameOf()} />
              <CaseRecords kase={k} />
              <section aria-labelledby="history-title">
                <h2 id="history-title">办理记录</h2>
                <HistoryTimeline
                  entries={k.history}
                  departmentName={(id: string) => nameOf()('department', id)}
                />
              </section>
            </>
          )}
        </section>
      );
    };
  },
});
