import { ElAlert, ElButton, ElDialog } from 'element-plus';
import { defineComponent, type PropType, ref } from 'vue';
import { ApiError, ConflictError } from '../api/http';
import type { StaffCase } from '../api/types';
import './action-dialog.css';

/** What the console says on a 409: the case moved on; the user reloads and decides again. */
export const CONFLICT_TEXT = '工单已被他人更新，请刷新';

/**
 * The frame of every action on a case: a dialog with a form (Enter in a one-line field submits,
 * Ctrl+Enter (⌘+Enter) submits from anywhere, a text area included; Esc closes),
 * the submit, and what the API answered. A 409 is never retried here: it says the case changed and
 * offers a reload (the typed draft survives it); another 4xx shows the API's own Chinese message.
 *
 * @example
 * <ActionDialog title="签收" submit={() => act(kase.caseId, kase.version, { action: 'acknowledge' })}
 *   onDone={...} onClose={...} onReload={...}>{fields}</ActionDialog>
 */
export const ActionDialog = defineComponent({
  name: 'ActionDialog',
  props: {
    title: { type: String, required: true },
    submitText: { type: String, default: '提交' },
    /** Sends the action; resolves with the case as the API returns it. */
    submit: { type: Function as PropType<() => Promise<StaffCase>>, required: true },
    /** A message when the fields are not ready (shown instead of sending). */
    validate: { type: Function as PropType<() => string | undefined>, default: () => undefined },
    danger: { type: Boolean, default: false },
  },
  emits: {
    done: (_kase: StaffCase) => true,
    close: () => true,
    reload: () => true,
  },
  setup(props, { emit, slots }) {
    const open = ref(true);
    const sending = ref(false);
    const conflict = ref(false);
    const error = ref<string>();

    async function onSubmit(event: Event): Promise<void> {
      event.preventDefault();
      if (sending.value || conflict.value) return;
      error.value = props.validate?.();
      if (error.value) return;
      sending.value = true;
      try {
        const updated = await props.submit();
        open.value = false;
        emit('done', updated);
      } catch (e) {
        if (e instanceof ConflictError) conflict.value = true;
        else error.value = e instanceof ApiError ? e.message : '网络异常，请稍后重试';
      } finally {
        sending.value = false;
      }
    }

    /** A text area takes Enter for its new line; Ctrl+Enter submits from there as from any field. */
    function onKeydown(event: KeyboardEvent): void {
      if (event.key !== 'Enter' || event.isComposing || !(event.ctrlKey || event.metaKey)) return;
      void onSubmit(event);
    }

    return () => (
      <ElDialog
        modelValue={open.value}
        title={props.title}
        width="min(560px, 94vw)"
        appendToBody
        closeOnClickModal={false}
        onUpdate:modelValue={(v: boolean) => {
          open.value = v;
        }}
        onClosed={() => emit('close')}
      >
        <form class="action-form" onSubmit={onSubmit} onKeydown={onKeydown} novalidate>
          {conflict.value && (
            <ElAlert type="warning" showIcon closable={false} title={CONFLICT_TEXT} class="action-alert">
              <p>提交前工单已有新的变化，本次操作未执行。刷新后请核对最新内容再操作，已填写的内容会保留。</p>
              <ElButton type="warning" onClick={() => emit('reload')} data-testid="conflict-reload">
                刷新工单
              </ElButton>
            </ElAlert>
          )}
          {error.value && (
            <ElAlert type="error" showIcon closable={false} title={error.value} class="action-alert" />
          )}
          {slots.default?.()}
          <div class="action-buttons">
            <span class="shortcut-hint">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交 · <kbd>Esc</kbd> 取消
            </span>
            <ElButton onClick={() => (open.value = false)}>取消</ElButton>
            <ElButton
              type={props.danger ? 'danger' : 'primary'}
              nativeType="submit"
              aria-keyshortcuts="Control+Enter"
              loading={sending.value}
              disabled={conflict.value}
            >
              {props.submitText}
            </ElButton>
          </div>
        </form>
      </ElDialog>
    );
  },
});
