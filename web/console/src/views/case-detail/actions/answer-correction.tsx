import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { ANSWER_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { CorrectionFacts } from './correction-facts';
import { useActionDraft } from './use-action-draft';

/**
 * 补正答复 (电话代录): the citizen answers the 补正 on a call and the agent records it. By phone
 * there are no attachments (the API refuses them); the clock resumes as with the citizen's own answer.
 */
export default defineComponent({
  name: 'AnswerCorrectionAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'answer_correction', () => ({
      answer: '',
    }));
    return () => (
      <ActionDialog
        title="补正答复（电话代录）"
        submitText="提交补正答复"
        validate={() => (draft.value.answer.trim() ? undefined : '请填写市民在电话中补充的内容')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'answer_correction',
            via: 'phone',
            answer: draft.value.answer.trim(),
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
        <p>记录市民在电话中的补正答复；电话代录不能附图片，需附图请市民通过短信链接或微信补正。</p>
        <Field id="answer-correction-answer" label="市民补正内容（承办单位可见）">
          <ElInput
            id="answer-correction-answer"
            v-model={draft.value.answer}
            type="textarea"
            rows={4}
            maxlength={ANSWER_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
