import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { ExtensionFacts } from './extension-facts';
import { useActionDraft } from './use-action-draft';

/** 批准延期: the deadline moves to the requested one (the core checks the policy's limits again). */
export default defineComponent({
  name: 'ApproveExtensionAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'approve_extension', () => ({ note: '' }));
    return () => (
      <ActionDialog
        title="批准延期"
        submitText="批准"
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'approve_extension',
            ...(draft.value.note.trim() ? { note: draft.value.note.trim() } : {}),
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
        <Field id="approve-extension-note" label="审批意见（选填）">
          <ElInput
            id="approve-extension-note"
            v-model={draft.value.note}
            maxlength={NOTE_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
