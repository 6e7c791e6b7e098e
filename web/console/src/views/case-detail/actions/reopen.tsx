import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { FeedbackFacts } from './feedback-facts';
import { useActionDraft } from './use-action-draft';

/** 重办: the case goes back to its department, which acknowledges and handles it again. */
export default defineComponent({
  name: 'ReopenAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'reopen', () => ({ note: '' }));
    return () => (
      <ActionDialog
        title="重办"
        submitText="确认重办"
        validate={() => (draft.value.note.trim() ? undefined : '请填写重办要求')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, { action: 'reopen', note: draft.value.note.trim() })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <FeedbackFacts kase={props.kase} />
        <Field id="reopen-note" label="重办要求（承办单位可见）">
          <ElInput
            id="reopen-note"
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
