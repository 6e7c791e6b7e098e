import { ElInput, ElRadio, ElRadioGroup } from 'element-plus';
import { defineComponent } from 'vue';
import { PAUSE_REASON_TEXT } from '../../../../../../shared/domain/labels';
import { NOTE_MAX_CHARS, PAUSE_REASONS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** 中止计时: the clock stops (a third party's opinion, a correction); resuming moves the deadline. */
export default defineComponent({
  name: 'PauseAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'pause', () => ({ reason: '', note: '' }));
    return () => (
      <ActionDialog
        title="中止计时"
        submitText="确认中止计时"
        validate={() => (draft.value.reason ? undefined : '请选择中止计时的原因')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'pause',
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
        <p>
          中止期间不计入办理时限，累计中止时间有上限；需要市民补充材料时，请用“要求补正”，市民会收到通知。
        </p>
        <fieldset class="reason-set">
          <legend>中止原因</legend>
          <ElRadioGroup v-model={draft.value.reason} aria-label="中止原因">
            {PAUSE_REASONS.map((r) => (
              <ElRadio key={r} value={r}>
                {PAUSE_REASON_TEXT[r]}
              </ElRadio>
            ))}
          </ElRadioGroup>
        </fieldset>
        <Field id="pause-field-1" label="说明（选填）">
          <ElInput
            id="pause-field-1"
            v-model={draft.value.note}
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
