import { ElAlert, ElButton, ElSkeleton, ElTable, ElTableColumn } from 'element-plus';
import { defineComponent, ref } from 'vue';
import { MISSED_REASON_TEXT } from '../../../../../shared/domain/labels';
import { type CallbackItem, callbackList } from '../../api/callbacks';
import { CursorPager } from '../../components/cursor-pager';
import { useCursorPages } from '../../composables/use-cursor-pages';
import { usePoll } from '../../composables/use-poll';
import { CallbackDue } from '../agent/callback-due';
import {
  attemptsText,
  heldNow,
  holderText,
  lastOutcomeText,
  lineText,
  sinceText,
  sortedByDeadline,
} from '../agent/callback-rows';
import { clockTime, dateTime } from '../agent/format';
import '../../components/deadline-cell.css';

const PAGE_SIZE = 50;

/**
 * 漏接回拨 for the shift leader: every open callback task (`scope=all`), oldest deadline first, with
 * its countdown, 即将超时 / 已超时 in words, the attempts, and who holds it now — so a task nobody
 * has taken near its deadline is seen, and an agent sitting on one too. Read-only: agents call back.
 */
export const CallbackWatch = defineComponent({
  name: 'CallbackWatch',
  setup(_props, { expose }) {
    const list = useCursorPages((cursor) => callbackList({ scope: 'all', cursor, limit: PAGE_SIZE }));
    const now = ref(new Date());
    const { refresh } = usePoll(async () => {
      now.value = new Date();
      await list.refresh();
    });

    // The screen's 刷新 reads this tab again.
    expose({ refresh });

    const holder = (row: CallbackItem) => {
      if (heldNow(row, now.value)) return `${holderText(row.heldBy)}（至 ${clockTime(row.heldUntil ?? '')}）`;
      if (row.nextAttemptAt && Date.parse(row.nextAttemptAt) > now.value.getTime())
        return `待下次回拨（${clockTime(row.nextAttemptAt)} 起）`;
      return '待领取';
    };

    return () => (
      <div class="callback-watch" data-testid="callback-watch">
        <p class="hint">
          全部待回拨任务，按回拨时限先后排列；领取人一栏显示正在回拨的坐席。回拨由坐席在“坐席受理”的“漏接回拨”中完成。
        </p>
        {list.error.value && (
          <ElAlert type="error" showIcon closable={false} title={`回拨列表加载失败：${list.error.value}`}>
            <ElButton size="small" onClick={refresh}>
              重试
            </ElButton>
          </ElAlert>
        )}
        {!list.loaded.value && !list.error.value ? (
          <div role="status" aria-busy="true" aria-label="正在加载回拨任务">
            <ElSkeleton rows={4} animated />
          </div>
        ) : (
          <ElTable
            data={sortedByDeadline(list.items.value)}
            rowKey="taskId"
            emptyText={list.error.value ? '加载失败' : '没有待回拨的任务'}
            aria-label="待回拨任务"
          >
            <ElTableColumn label="来电号码" minWidth={130}>
              {{
                default: ({ row }: { row: CallbackItem }) => (
                  <span class="call-caller">
                    {row.callerMasked}
                    {row.missedCount > 1 && <span class="missed-count"> 漏接 {row.missedCount} 次</span>}
                  </span>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="线路" minWidth={150}>
              {{ default: ({ row }: { row: CallbackItem }) => lineText(row) }}
            </ElTableColumn>
            <ElTableColumn label="漏接原因" minWidth={120}>
              {{ default: ({ row }: { row: CallbackItem }) => MISSED_REASON_TEXT[row.reason] }}
            </ElTableColumn>
            <ElTableColumn label="首次漏接" minWidth={150}>
              {{
                default: ({ row }: { row: CallbackItem }) => (
                  <span title={dateTime(row.firstMissedAt)}>{sinceText(row.firstMissedAt, now.value)}</span>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="回拨时限" minWidth={170}>
              {{
                default: ({ row }: { row: CallbackItem }) => {
                  return (
                    <div class="deadline-cell">
                      <CallbackDue item={row} now={now.value} />
                      <span class="due">截止 {dateTime(row.callbackDueAt)}</span>
                    </div>
                  );
                },
              }}
            </ElTableColumn>
            <ElTableColumn label="回拨次数" minWidth={170}>
              {{
                default: ({ row }: { row: CallbackItem }) => (
                  <div>
                    <div>{attemptsText(row)}</div>
                    <div class="hint">{lastOutcomeText(row, clockTime)}</div>
                  </div>
                ),
              }}
            </ElTableColumn>
            <ElTableColumn label="领取人" minWidth={170}>
              {{ default: ({ row }: { row: CallbackItem }) => holder(row) }}
            </ElTableColumn>
          </ElTable>
        )}
        <CursorPager
          caption="回拨任务"
          page={list.page.value}
          hasPrevious={list.hasPrevious.value}
          hasNext={list.nextCursor.value !== null}
          loading={list.loading.value}
          onPrevious={() => void list.previous()}
          onNext={() => void list.next()}
        />
      </div>
    );
  },
});
