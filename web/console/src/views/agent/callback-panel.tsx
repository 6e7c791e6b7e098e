import { ElAlert, ElButton, ElSkeleton } from 'element-plus';
import { defineComponent, type PropType, ref, shallowRef } from 'vue';
import { CALLBACK_OUTCOME_TEXT } from '../../../../../shared/domain/labels';
import {
  type CallbackAttemptResult,
  type CallbackScope,
  callbackList,
  type TakenCallback,
  takeCallback,
} from '../../api/callbacks';
import type { StaffDirectory } from '../../api/directory';
import { ApiError, ConflictError } from '../../api/http';
import { useCursorPages } from '../../composables/use-cursor-pages';
import { usePoll } from '../../composables/use-poll';
import { CallbackDialog } from './callback-dialog';
import { CallbackList } from './callback-list';
import { attemptsText, conflictText } from './callback-rows';
import type { NameOf } from './case-links';

/** Enough for a shift's backlog at a glance; the oldest deadlines come first. */
const PAGE_SIZE = 20;

/**
 * 漏接回拨: the callback list, polled, with 回拨 per task (take, then the dialog) for an agent, or
 * the whole list with who holds what for the supervisor (`scope="all"`, no buttons). Reports the
 * count it shows (`count`) so the screen can put it on its tab.
 */
export const CallbackPanel = defineComponent({
  name: 'CallbackPanel',
  props: {
    scope: { type: String as PropType<CallbackScope>, default: 'offered' },
    userSub: { type: String, required: true },
    directory: { type: Object as PropType<StaffDirectory | undefined>, default: undefined },
    nameOf: { type: Function as PropType<NameOf>, required: true },
  },
  emits: { count: (_shown: number, _more: boolean) => true },
  setup(props, { emit }) {
    const list = useCursorPages((cursor) => callbackList({ scope: props.scope, cursor, limit: PAGE_SIZE }));
    const now = ref(new Date());
    const busyId = ref<string>();
    const takeError = ref<{ text: string; conflict: boolean }>();
    const notice = ref('');
    // The number in clear: only while its dialog is open (cleared on close, never stored elsewhere).
    const taken = shallowRef<TakenCallback>();

    async function load(): Promise<void> {
      now.value = new Date();
      await list.refresh();
      emit('count', list.items.value.length, list.nextCursor.value !== null);
    }
    const { refresh } = usePoll(load);

    async function call(taskId: string): Promise<void> {
      if (busyId.value) return;
      busyId.value = taskId;
      takeError.value = undefined;
      notice.value = '';
      try {
        taken.value = await takeCallback(taskId);
        now.value = new Date();
      } catch (e) {
        takeError.value =
          e instanceof ConflictError
            ? { text: conflictText(e.code), conflict: true }
            : { text: e instanceof ApiError ? e.message : '网络异常，请稍后重试', conflict: false };
      } finally {
        busyId.value = undefined;
      }
    }

    function onDone(result: CallbackAttemptResult): void {
      const outcome = CALLBACK_OUTCOME_TEXT[result.attempt.outcome];
      notice.value =
        result.status === 'open'
          ? `已登记：${outcome}（${attemptsText(result)}），到时间后可再次回拨`
          : `已登记：${outcome}，回拨任务已结束`;
      void refresh();
    }

    function onReload(): void {
      taken.value = undefined;
      takeError.value = undefined;
      void refresh();
    }

    const renderBody = () => {
      if (list.error.value && !list.loaded.value)
        return (
          <ElAlert type="error" title={`回拨列表加载失败：${list.error.value}`} closable={false} showIcon>
            <ElButton size="small" onClick={refresh}>
              重试
            </ElButton>
          </ElAlert>
        );
      if (!list.loaded.value) return <ElSkeleton rows={3} animated />;
      if (list.items.value.length === 0)
        return <p class="hint">{props.scope === 'all' ? '没有待回拨的任务。' : '暂无待回拨的漏接来电。'}</p>;
      return (
        <CallbackList
          items={list.items.value}
          now={now.value}
          busyId={busyId.value}
          watching={props.scope === 'all'}
          onCall={(id: string) => void call(id)}
        />
      );
    };

    return () => (
      <div class="callback-panel" data-testid={`callbacks-${props.scope}`}>
        <div class="panel-head">
          <p class="hint">
            {props.scope === 'all'
              ? '全部待回拨任务，按回拨时限先后'
              : '按回拨时限先后；领取后其他坐席暂不可见'}
          </p>
          <ElButton size="small" text onClick={refresh} aria-label="刷新回拨列表">
            刷新
          </ElButton>
        </div>
        {list.error.value && list.loaded.value && (
          <ElAlert type="error" title={`刷新失败：${list.error.value}`} closable={false} showIcon />
        )}
        {takeError.value && (
          <ElAlert
            type={takeError.value.conflict ? 'warning' : 'error'}
            title={takeError.value.text}
            closable={false}
            showIcon
            data-testid="callback-take-error"
          >
            <ElButton size="small" onClick={onReload}>
              刷新列表
            </ElButton>
          </ElAlert>
        )}
        <p class="callback-notice" role="status" aria-live="polite">
          {notice.value}
        </p>
        {renderBody()}
        {(list.nextCursor.value !== null || list.hasPrevious.value) && (
          <nav class="case-table-pager" aria-label="回拨列表翻页">
            <ElButton size="small" disabled={!list.hasPrevious.value} onClick={() => void list.previous()}>
              上一页
            </ElButton>
            <ElButton size="small" disabled={list.nextCursor.value === null} onClick={() => void list.next()}>
              下一页
            </ElButton>
          </nav>
        )}
        {taken.value && (
          <CallbackDialog
            key={taken.value.taskId}
            task={taken.value}
            userSub={props.userSub}
            directory={props.directory}
            nameOf={props.nameOf}
            now={now.value}
            onDone={onDone}
            onReload={onReload}
            onClose={() => {
              taken.value = undefined;
              void refresh();
            }}
          />
        )}
      </div>
    );
  },
});
