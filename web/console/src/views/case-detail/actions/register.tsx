import { ElInput, ElRadio, ElRadioGroup } from 'element-plus';
import { defineComponent } from 'vue';
import { PETITION_CASE_TYPES, REGISTER_DECISIONS } from '../../../../../../shared/domain/disclosure/register';
import { REGISTER_DECISION_TEXT, TYPE_TEXT } from '../../../../../../shared/domain/labels';
import { REASON_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { useSession } from '../../../stores/session';
import { actionEmits, actionProps } from './action-props';
import { type StaffNameDraft, staffNameOf } from './staff-name';
import { useActionDraft } from './use-action-draft';
import './disclosure-forms.css';

/**
 * 登记: the disclosure office takes the request as a request (its 20 working days run from the
 * receipt date), or answers at once that it is not one (咨询, 信访投诉举报, 公开出版物) and passes it on.
 * The person responsible (专人负责) defaults to the one registering.
 */
export default defineComponent({
  name: 'RegisterAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const session = useSession();
    const { draft, discard } = useActionDraft(props.kase.caseId, 'register', () => ({
      decision: 'accept' as (typeof REGISTER_DECISIONS)[number],
      petitionCaseType: 'complaint' as (typeof PETITION_CASE_TYPES)[number],
      explanation: '',
      responsible: { name: session.user?.name ?? '', id: session.user?.sub ?? '' } as StaffNameDraft,
    }));
    return () => {
      const d = draft.value;
      const accept = d.decision === 'accept';
      return (
        <ActionDialog
          title="登记"
          submitText="登记"
          validate={() => {
            if (!accept && !d.explanation.trim())
              return d.decision === 'publication' ? '请填写公开出版物的获取途径' : '请填写告知申请人的说明';
            const who = staffNameOf(d.responsible);
            return typeof who === 'string' ? who : undefined;
          }}
          submit={() => {
            const who = staffNameOf(d.responsible) as { id: string; name: string };
            return act(props.kase.caseId, props.kase.version, {
              action: 'register',
              decision: d.decision,
              ...(d.decision === 'petition' ? { petitionCaseType: d.petitionCaseType } : {}),
              ...(accept ? {} : { explanation: d.explanation.trim() }),
              responsible: who,
            });
          }}
          onDone={(k) => {
            discard();
            emit('done', k);
          }}
          onClose={() => emit('close')}
          onReload={() => emit('reload')}
        >
          <p>收到申请之日：{props.kase.disclosure?.request.receivedOn ?? '—'}（条例第三十一条）。</p>
          <Field label="登记结论" id="register-decision">
            <ElRadioGroup
              id="register-decision"
              v-model={d.decision}
              aria-label="登记结论"
              class="stacked-radios"
            >
              {REGISTER_DECISIONS.map((r) => (
                <ElRadio key={r} value={r}>
                  {REGISTER_DECISION_TEXT[r]}
                </ElRadio>
              ))}
            </ElRadioGroup>
          </Field>
          {d.decision === 'petition' && (
            <Field label="转为" id="register-case-type">
              <ElRadioGroup id="register-case-type" v-model={d.petitionCaseType} aria-label="转为">
                {PETITION_CASE_TYPES.map((t) => (
                  <ElRadio key={t} value={t}>
                    {TYPE_TEXT[t]}工单
                  </ElRadio>
                ))}
              </ElRadioGroup>
            </Field>
          )}
          {!accept && (
            <Field
              label={d.decision === 'publication' ? '公开出版物的获取途径（告知申请人）' : '告知申请人的说明'}
              id="register-explanation"
              required
            >
              <ElInput
                id="register-explanation"
                v-model={d.explanation}
                type="textarea"
                rows={3}
                maxlength={REASON_MAX_CHARS}
                showWordLimit
              />
            </Field>
          )}
          <div class="reply-row">
            <Field label="专人负责（姓名）" id="register-responsible-name" required>
              <ElInput id="register-responsible-name" v-model={d.responsible.name} maxlength={50} />
            </Field>
            <Field label="专人负责（账号）" id="register-responsible-id" required>
              <ElInput id="register-responsible-id" v-model={d.responsible.id} maxlength={64} />
            </Field>
          </div>
        </ActionDialog>
      );
    };
  },
});
