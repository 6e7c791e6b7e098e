import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** 签收 the department accepts the order; a note is optional. */
export default defineComponent({
  name: 'AcknowledgeAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'acknowledge', () => ({ note: '' }));
    return () => (
      <ActionDialog
        title="签收工单"
        submitText="确认签收"
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'acknowledge',
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
        <p>签收后开始办理，办理期限不变。</p>
        <Field id="acknowledge-field-1" label="备注（选填）">
          <ElInput
            id="acknowledge-field-1"
            v-model={draft.value.note}
            maxlength={NOTE_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
