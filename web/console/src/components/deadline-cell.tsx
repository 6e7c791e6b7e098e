import { defineComponent, type PropType } from 'vue';
import type { CaseSummary } from '../api/types';
import { countdownOf, dueText } from './countdown';
import { SupervisionTag } from './supervision-tag';
import './deadline-cell.css';

/**
 * 办理期限: the countdown (剩余 N 个工作日 / N 小时), the deadline itself, the 督办 state, and for an
 * order not yet acknowledged its 签收 deadline. `now` comes from the screen, so every row of a list
 * counts from the same instant and a ticking clock re-renders them together.
 */
export const DeadlineCell = defineComponent({
  name: 'DeadlineCell',
  props: {
    row: { type: Object as PropType<CaseSummary & { paused?: boolean }>, required: true },
    now: { type: Object as PropType<Date>, required: true },
  },
  setup(props) {
    return () => {
      const row = props.row;
      const countdown = countdownOf(row, props.now);
      const awaitingAck = (row.status === 'dispatched' || row.status === 'reopened') && row.ackDueAt;
      return (
        <div class="deadline-cell">
          <span class={['countdown', `tone-${countdown.tone}`]}>{countdown.text}</span>
          {row.supervision && <SupervisionTag state={row.supervision} />}
          <span class="due">截止 {dueText(row.dueAt)}</span>
          {awaitingAck && <span class="due">签收截止 {dueText(row.ackDueAt)}</span>}
        </div>
      );
    };
  },
});
