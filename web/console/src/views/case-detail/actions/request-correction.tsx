import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS, QUESTION_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** 要求补正: the citizen is asked (by SMS or WeChat) for more; the clock stops until the answer. */
export default defineComponent({
  name: 'RequestCorrectionAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'request_correction', () => ({
      question: '',
      note: '',
    }));
    return () => (
      <ActionDialog
        title="要求补正"
        submitText="发送补正要求"
        validate={() => (draft.value.question.trim() ? undefined : '请写明需要市民补充的内容')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'request_correction',
            question: draft.value.question.trim(),
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
        <p>市民将收到通知并可在线补正；补正期间中止计时，市民答复后自动恢复。</p>
        <Field id="request-correction-field-1" label="需要市民补充的内容（市民可见）">
          <ElInput
            id="request-correction-field-1"
            v-model={draft.value.question}
            type="textarea"
            rows={4}
            maxlength={QUESTION_MAX_CHARS}
            showWordLimit
          />
        </Field>
        <Field id="request-correction-field-2" label="内部备注（选填，市民不可见）">
          <ElInput
            id="request-correction-field-2"
            v-model={draft.value.note}
            maxlength={NOTE_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
