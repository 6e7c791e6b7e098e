import { ElInput, ElRadio, ElRadioGroup } from 'element-plus';
import { defineComponent } from 'vue';
import { REASON_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** The answers 第三十二条 knows; the office writes the third party's reasons after them. */
const OPINIONS = ['同意公开', '不同意公开', '逾期未提出意见'] as const;

/** 记录第三方意见: the third party's answer (or its silence): the clock runs again. */
export default defineComponent({
  name: 'RecordThirdPartyOpinionAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const open = props.kase.disclosure?.thirdParties?.find((t) => !t.answeredAt);
    const { draft, discard } = useActionDraft(props.kase.caseId, 'record_third_party_opinion', () => ({
      choice: '' as (typeof OPINIONS)[number] | '',
      detail: '',
    }));
    const opinion = () =>
      [draft.value.choice, draft.value.detail.trim()].filter(Boolean).join('：').slice(0, REASON_MAX_CHARS);
    return () => (
      <ActionDialog
        title="记录第三方意见"
        validate={() => (draft.value.choice ? undefined : '请选择第三方的意见')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'record_third_party_opinion',
            opinion: opinion(),
          })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        {open && <p>第三方：{open.party}</p>}
        <Field id="opinion-choice" label="意见">
          <ElRadioGroup id="opinion-choice" v-model={draft.value.choice} aria-label="意见">
            {OPINIONS.map((o) => (
              <ElRadio key={o} value={o}>
                {o}
              </ElRadio>
            ))}
          </ElRadioGroup>
        </Field>
        <Field id="opinion-detail" label="理由或说明（选填）">
          <ElInput
            id="opinion-detail"
            v-model={draft.value.detail}
            type="textarea"
            rows={3}
            maxlength={REASON_MAX_CHARS - 10}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
