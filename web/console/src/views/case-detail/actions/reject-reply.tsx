import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { REASON_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** 审核退回: the draft goes back to the handler with the reviewer's reason; the handler drafts again. */
export default defineComponent({
  name: 'RejectReplyAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'reject_reply', () => ({ note: '' }));
    return () => (
      <ActionDialog
        title="退回答复稿"
        submitText="退回"
        danger
        validate={() => (draft.value.note.trim() ? undefined : '请写明退回的理由')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'reject_reply',
            note: draft.value.note.trim(),
          })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <Field id="reject-reply-note" label="退回理由（承办人可见）">
          <ElInput
            id="reject-reply-note"
            v-model={draft.value.note}
            type="textarea"
            rows={4}
            maxlength={REASON_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
