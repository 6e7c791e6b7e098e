import { ElButton } from 'element-plus';
import { computed, defineComponent, h, type PropType, ref } from 'vue';
import type { ActionName } from '../../../../../shared/domain/lifecycle/actions';
import type { StaffCase } from '../../api/types';
import { ACTIONS, OFFERED_ACTIONS } from './actions';
import { actionsFor, type Viewer } from './available-actions';
// Its box and the hidden heading, wherever the bar is shown (the case page, the dispatch screen).
import './case-detail.css';

/**
 * 可执行操作: a button per action the viewer may take now; the chosen one opens its dialog. A role
 * with none (a co-handler, an analyst) sees a line saying so, not a row of disabled buttons.
 */
export const ActionBar = defineComponent({
  name: 'ActionBar',
  props: {
    kase: { type: Object as PropType<StaffCase>, required: true },
    viewer: { type: Object as PropType<Viewer>, required: true },
    /** The page's clock (refreshed on each read): a 补正's period passing offers 未补正归档. */
    now: { type: Object as PropType<Date>, default: undefined },
  },
  emits: { done: (_kase: StaffCase, _action: ActionName) => true, reload: () => true },
  setup(props, { emit }) {
    const active = ref<ActionName>();
    const available = computed(() =>
      actionsFor(props.kase, props.viewer, OFFERED_ACTIONS, props.now ?? new Date()),
    );

    return () => {
      const entry = active.value ? ACTIONS[active.value] : undefined;
      const Dialog = entry?.component;
      return (
        <section class="action-bar" aria-labelledby="action-bar-title">
          <h2 id="action-bar-title" class="visually-hidden">
            可执行操作
          </h2>
          {available.value.length === 0 ? (
            <p class="no-actions">当前状态下无可执行的操作。</p>
          ) : (
            available.value.map((name) => {
              const a = ACTIONS[name];
              return (
                a && (
                  <ElButton
                    key={name}
                    type={a.tone === 'default' || !a.tone ? undefined : a.tone}
                    plain={a.tone === 'danger'}
                    data-action={name}
                    onClick={() => {
                      active.value = name;
                    }}
                  >
                    {a.label}
                  </ElButton>
                )
              );
            })
          )}
          {Dialog &&
            active.value &&
            h(Dialog, {
              key: `${active.value}-${props.kase.version}`,
              kase: props.kase,
              onDone: (k: StaffCase) => {
                const name = active.value;
                active.value = undefined;
                if (name) emit('done', k, name);
              },
              onClose: () => {
                active.value = undefined;
              },
              onReload: () => {
                active.value = undefined;
                emit('reload');
              },
            })}
        </section>
      );
    };
  },
});
