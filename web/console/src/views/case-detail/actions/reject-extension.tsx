import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { ExtensionFacts } from './extension-facts';
import { useActionDraft } from './use-action-draft';

/** 驳回延期: the deadline stays; the department reads the supervisor's reason in the history. */
export default defineComponent({
  name: 'RejectExtensionAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'reject_extension', () => ({ note: '' }));
    return () => (
      <ActionDialog
        title="驳回延期"
        submitText="驳回"
        danger
        validate={() => (draft.value.note.trim() ? undefined : '请填写驳回理由')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'reject_extension',
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
        <ExtensionFacts kase={props.kase} />
        <Field id="reject-extension-note" label="驳回理由（承办单位可见）">
          <ElInput
            id="reject-extension-note"
            v-model={draft.value.note}
            type="textarea"
            rows={3}
            maxlength={NOTE_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
