import { defineComponent, type PropType } from 'vue';
import type { AgentCall } from '../../api/agent';
import { awaitsAppeal } from './calls';
import { clockTime } from './format';

/** The agent's answered calls of the last hours, newest first; the open one is marked. */
export const CallList = defineComponent({
  name: 'CallList',
  props: {
    items: { type: Array as PropType<readonly AgentCall[]>, required: true },
    current: { type: String as PropType<string | undefined>, default: undefined },
    submitted: { type: Object as PropType<ReadonlySet<string>>, required: true },
  },
  emits: { open: (_callId: string) => true },
  setup(props, { emit }) {
    return () => (
      <ul class="call-list" aria-label="已接来电">
        {props.items.map((call) => {
          const open = call.callId === props.current;
          const waiting = awaitsAppeal(call, props.submitted);
          return (
            <li key={call.callId}>
              <button
                type="button"
                class={['call-item', { open }]}
                aria-current={open ? 'true' : undefined}
                onClick={() => emit('open', call.callId)}
              >
                <span class="call-caller">{call.callerMasked ?? '号码未显示'}</span>
                <span class="call-time">
                  {clockTime(call.answeredAt)} · 线路 {call.line}
                </span>
                <span class={['call-state', waiting ? 'waiting' : 'done']}>
                  {waiting ? '待录入' : call.trackingNo ? `已受理 ${call.trackingNo}` : '已提交'}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    );
  },
});
