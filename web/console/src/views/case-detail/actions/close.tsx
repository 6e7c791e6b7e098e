import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { FeedbackFacts } from './feedback-facts';
import { useActionDraft } from './use-action-draft';

/** 强制归档: a supervisor ends the case whatever its state, with a reason the dossier keeps. */
export default defineComponent({
  name: 'CloseAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'close', () => ({ note: '' }));
    return () => (
      <ActionDialog
        title="强制归档"
        submitText="确认归档"
        danger
        validate={() => (draft.value.note.trim() ? undefined : '请填写归档理由')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, { action: 'close', note: draft.value.note.trim() })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>归档后工单结束，不能再办理；归档理由写入办理记录并随案卷存档。</p>
        {props.kase.feedback && <FeedbackFacts kase={props.kase} />}
        <Field id="close-note" label="归档理由">
          <ElInput
            id="close-note"
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
