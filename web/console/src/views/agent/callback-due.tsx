import { ElTag } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import type { CallbackItem } from '../../api/callbacks';
import { CALLBACK_SUPERVISION_TEXT, callbackCountdown, callbackSupervision } from './callback-rows';

/**
 * A callback task's time left (or over) with its 即将超时 / 已超时 tag in words: the agent's list and
 * the shift leader's table show the same, so they read it from here.
 */
export const CallbackDue = defineComponent({
  name: 'CallbackDue',
  props: {
    item: { type: Object as PropType<CallbackItem>, required: true },
    now: { type: Date, required: true },
  },
  setup(props) {
    return () => {
      const countdown = callbackCountdown(props.item, props.now);
      const state = callbackSupervision(props.item, props.now);
      return (
        <>
          <span class={['countdown', `tone-${countdown.tone}`]}>{countdown.text}</span>
          {state && (
            <ElTag
              type={state === 'overdue' ? 'danger' : 'warning'}
              effect={state === 'overdue' ? 'dark' : 'light'}
              size="small"
              disableTransitions
            >
              {CALLBACK_SUPERVISION_TEXT[state]}
            </ElTag>
          )}
        </>
      );
    };
  },
});
