import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS, REPLY_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/**
 * 办结: the reply the citizen reads (the completion notice and the status page) and an internal note
 * for staff (the history). Both are kept as a draft while typed: a reload loses nothing.
 */
export default defineComponent({
  name: 'CompleteAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'complete', () => ({
      reply: '',
      internalNote: '',
    }));
    return () => (
      <ActionDialog
        title="办结"
        submitText="确认办结"
        validate={() => (draft.value.reply.trim() ? undefined : '请填写给市民的答复内容')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'complete',
            reply: draft.value.reply.trim(),
            ...(draft.value.internalNote.trim() ? { internalNote: draft.value.internalNote.trim() } : {}),
          })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>办结后市民将收到办结告知和评价链接，答复内容不能再修改。</p>
        <Field id="complete-field-1" label="答复市民（市民可见）">
          <ElInput
            id="complete-field-1"
            v-model={draft.value.reply}
            type="textarea"
            rows={6}
            maxlength={REPLY_MAX_CHARS}
            showWordLimit
            data-testid="complete-reply"
          />
        </Field>
        <Field id="complete-field-2" label="内部备注（选填，仅工作人员可见）">
          <ElInput
            id="complete-field-2"
            v-model={draft.value.internalNote}
            type="textarea"
            rows={2}
            maxlength={NOTE_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
