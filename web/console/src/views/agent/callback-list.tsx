import { ElButton } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { MISSED_REASON_TEXT } from '../../../../../shared/domain/labels';
import type { CallbackItem } from '../../api/callbacks';
import { CallbackDue } from './callback-due';
import {
  attemptsText,
  heldNow,
  holderText,
  lastOutcomeText,
  lineText,
  sinceText,
  sortedByDeadline,
} from './callback-rows';
import { clockTime, dateTime } from './format';

/**
 * 漏接回拨: one card per caller waiting for a callback, oldest deadline first — the masked number,
 * the line, why the call was missed and how often, how long ago, the countdown to the deadline with
 * 即将超时 / 已超时 in words, the attempts so far — and a 回拨 button (an agent) or who holds it
 * (the supervisor's whole list). `now` comes from the screen so every card counts from one instant.
 */
export const CallbackList = defineComponent({
  name: 'CallbackList',
  props: {
    items: { type: Array as PropType<readonly CallbackItem[]>, required: true },
    now: { type: Object as PropType<Date>, required: true },
    /** The task being taken: its button spins, the others wait. */
    busyId: { type: String as PropType<string | undefined>, default: undefined },
    /** The supervisor's view: every open task with its holder; no 回拨 buttons. */
    watching: { type: Boolean, default: false },
  },
  emits: { call: (_taskId: string) => true },
  setup(props, { emit }) {
    return () => (
      <ul class="callback-list" aria-label="漏接回拨任务">
        {sortedByDeadline(props.items).map((item) => {
          const held = heldNow(item, props.now);
          const last = lastOutcomeText(item, clockTime);
          return (
            <li key={item.taskId} class="callback-item" data-task={item.taskId}>
              <div class="callback-top">
                <span class="call-caller">{item.callerMasked}</span>
                {item.missedCount > 1 && (
                  <span class="missed-count" title="同一号码在本轮内漏接的次数">
                    漏接 {item.missedCount} 次
                  </span>
                )}
              </div>
              <div class="call-time">
                {lineText(item)} · {MISSED_REASON_TEXT[item.reason]}
              </div>
              <div class="call-time" title={`首次漏接 ${dateTime(item.firstMissedAt)}`}>
                {sinceText(item.firstMissedAt, props.now)}漏接 · {attemptsText(item)}
              </div>
              {last && <div class="call-time">{last}</div>}
              <div class="callback-due">
                <CallbackDue item={item} now={props.now} />
              </div>
              {props.watching ? (
                <div class="callback-holder">
                  {held
                    ? `${holderText(item.heldBy)} 正在回拨（至 ${clockTime(item.heldUntil ?? '')}）`
                    : item.nextAttemptAt && Date.parse(item.nextAttemptAt) > props.now.getTime()
                      ? `下次回拨不早于 ${clockTime(item.nextAttemptAt)}`
                      : '待领取'}
                </div>
              ) : (
                <ElButton
                  type="primary"
                  size="small"
                  class="callback-call"
                  loading={props.busyId === item.taskId}
                  disabled={props.busyId !== undefined && props.busyId !== item.taskId}
                  aria-label={`回拨 ${item.callerMasked}`}
                  onClick={() => emit('call', item.taskId)}
                >
                  回拨
                </ElButton>
              )}
            </li>
          );
        })}
      </ul>
    );
  },
});
