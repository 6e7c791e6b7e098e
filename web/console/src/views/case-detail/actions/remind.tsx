import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { REMIND_TARGET_TEXT, remindTarget } from './remind-target';
import { useActionDraft } from './use-action-draft';

/**
 * 催办 (督办): a supervisor urges the department on an unfinished case, at any time; the note says
 * what is expected and stays in the history the department reads.
 */
export default defineComponent({
  name: 'RemindAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'remind', () => ({ note: '' }));
    const target = remindTarget(props.kase.status);
    return () => (
      <ActionDialog
        title="催办"
        submitText="确认催办"
        validate={() => (draft.value.note.trim() ? undefined : '请填写催办要求')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'remind',
            target,
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
        <p>{REMIND_TARGET_TEXT[target]}；催办要求写入办理记录，承办单位可见。</p>
        <Field id="remind-note" label="催办要求（承办单位可见）">
          <ElInput
            id="remind-note"
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
