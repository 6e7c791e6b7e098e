import { ElInput, ElRadio, ElRadioGroup } from 'element-plus';
import { defineComponent } from 'vue';
import { RETURN_REASON_TEXT } from '../../../../../../shared/domain/labels';
import { NOTE_MAX_CHARS, RETURN_REASONS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** 退单 a misrouted order goes back to the dispatchers, with a reason code and a note. */
export default defineComponent({
  name: 'ReturnAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'return', () => ({ reason: '', note: '' }));
    return () => (
      <ActionDialog
        title="退单"
        submitText="确认退单"
        danger
        validate={() => (draft.value.reason ? undefined : '请选择退单原因')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'return',
            reason: draft.value.reason,
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
        <p>退单后工单回到派单员处重新派单，并计入退单率。</p>
        <fieldset class="reason-set">
          <legend>退单原因</legend>
          <ElRadioGroup v-model={draft.value.reason} aria-label="退单原因">
            {RETURN_REASONS.map((r) => (
              <ElRadio key={r} value={r}>
                {RETURN_REASON_TEXT[r]}
              </ElRadio>
            ))}
          </ElRadioGroup>
        </fieldset>
        <Field id="return-field-1" label="说明（选填，如应属单位或属地）">
          <ElInput
            id="return-field-1"
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
