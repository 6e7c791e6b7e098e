import { ElAlert, ElButton, ElDialog } from 'element-plus';
import { defineComponent, type PropType, ref } from 'vue';
import type { FormErrors } from './admin-form';
import './admin.css';

/**
 * The frame of every edit on the catalogue: a dialog holding a form. Enter in a field saves (Ctrl+Enter
 * in a multi-line field), Esc closes. A refusal keeps the dialog open with what the user typed; the
 * screen shows the per-field messages, this frame the rest.
 *
 * @example
 * <EditDialog title="新增派单规则" submit={save} onDone={reload} onClose={close}>{fields}</EditDialog>
 */
export const EditDialog = defineComponent({
  name: 'EditDialog',
  props: {
    title: { type: String, required: true },
    submitText: { type: String, default: '保存' },
    danger: { type: Boolean, default: false },
    /** Sends the edit: undefined when saved, else what the API (or the form) refused. */
    submit: { type: Function as PropType<() => Promise<FormErrors | undefined>>, required: true },
  },
  emits: { done: () => true, close: () => true },
  setup(props, { emit, slots }) {
    const open = ref(true);
    const sending = ref(false);
    const error = ref<string>();

    async function send(): Promise<void> {
      if (sending.value) return;
      sending.value = true;
      error.value = undefined;
      try {
        const refused = await props.submit();
        if (refused) {
          error.value =
            refused.form ??
            (Object.keys(refused.fields).length > 0 ? '保存失败，请按提示修改后重试' : undefined);
          return;
        }
        open.value = false;
        emit('done');
      } finally {
        sending.value = false;
      }
    }

    function onKeydown(event: KeyboardEvent): void {
      // A textarea takes Enter for its new line; Ctrl+Enter (⌘+Enter) saves from there too.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void send();
      }
    }

    return () => (
      <ElDialog
        modelValue={open.value}
        title={props.title}
        width="min(600px, 94vw)"
        appendToBody
        closeOnClickModal={false}
        onUpdate:modelValue={(v: boolean) => {
          open.value = v;
        }}
        onClosed={() => emit('close')}
      >
        <form
          class="admin-form"
          novalidate
          onKeydown={onKeydown}
          onSubmit={(e: Event) => {
            e.preventDefault();
            void send();
          }}
        >
          {error.value && (
            <ElAlert type="error" showIcon closable={false} title={error.value} class="admin-alert" />
          )}
          {slots.default?.()}
          <div class="admin-buttons">
            <ElButton onClick={() => (open.value = false)}>取消</ElButton>
            <ElButton type={props.danger ? 'danger' : 'primary'} nativeType="submit" loading={sending.value}>
              {props.submitText}
            </ElButton>
          </div>
        </form>
      </ElDialog>
    );
  },
});

/**
 * A labelled field with the API's message for it underneath; the control takes `id` (Element puts it
 * on the native element) and `aria-describedby` from `describedBy(id)`.
 */
export const FormRow = defineComponent({
  name: 'FormRow',
  props: {
    id: { type: String, required: true },
    label: { type: String, required: true },
    error: { type: String, default: undefined },
    hint: { type: String, default: undefined },
  },
  setup(props, { slots }) {
    return () => (
      <div class={['admin-field', props.error ? 'has-error' : '']}>
        <label for={props.id}>{props.label}</label>
        {slots.default?.()}
        {props.hint && (
          <p class="admin-hint" id={`${props.id}-hint`}>
            {props.hint}
          </p>
        )}
        {props.error && (
          <p class="admin-error" id={`${props.id}-error`} role="alert" data-field-error={props.id}>
            {props.error}
          </p>
        )}
      </div>
    );
  },
});

/** The ids a control's `aria-describedby` names: its hint and its error, when shown. */
export function describedBy(id: string, error?: string, hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter((s) => s !== '');
  return ids.length > 0 ? ids.join(' ') : undefined;
}
