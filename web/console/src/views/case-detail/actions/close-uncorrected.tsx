import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { CorrectionFacts } from './correction-facts';
import { useActionDraft } from './use-action-draft';

/**
 * 未补正归档: the citizen's time to answer the 补正 passed without an answer; a supervisor closes
 * the case (no SLA outcome is decided: nothing was completed).
 */
export default defineComponent({
  name: 'CloseUncorrectedAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'close_uncorrected', () => ({
      note: '',
    }));
    return () => (
      <ActionDialog
        title="未补正归档"
        submitText="确认归档"
        danger
        validate={() => (draft.value.note.trim() ? undefined : '请填写归档说明')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'close_uncorrected',
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
        <CorrectionFacts kase={props.kase} />
        <p>市民逾期未补正，工单归档结束，不能再办理；说明写入办理记录并随案卷存档。</p>
        <Field id="close-uncorrected-note" label="归档说明">
          <ElInput
            id="close-uncorrected-note"
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
