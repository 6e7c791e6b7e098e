import {
  ElButton,
  ElCheckbox,
  ElInput,
  ElOption,
  ElOptionGroup,
  ElRadio,
  ElRadioGroup,
  ElSelect,
} from 'element-plus';
import { computed, defineComponent, ref } from 'vue';
import {
  DISCLOSED_VIAS,
  NOT_HELD_KINDS,
  PART_GROUNDS,
  type PartGround,
  PROVISION_FORMS,
  REPLY_SHORT_MAX_CHARS,
  REPLY_TEXT_MAX_CHARS,
  WITHHELD_PARTS_MAX,
} from '../../../../../../shared/domain/disclosure/reply';
import {
  DISCLOSURE_OUTCOME_CODES,
  DISCLOSURE_OUTCOMES,
  OUTCOME_GROUPS,
} from '../../../../../../shared/domain/disclosure/template';
import {
  DISCLOSED_VIA_TEXT,
  DISCLOSURE_OUTCOME_TEXT,
  NOT_HELD_TEXT,
  OUTCOME_GROUP_TEXT,
  PART_GROUND_EXTRA_TEXT,
  PROVISION_FORM_TEXT,
  REFERRAL_TEXT,
  REPLY_TEXT,
} from '../../../../../../shared/domain/labels';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { useSession } from '../../../stores/session';
import {
  emptyReplyDraft,
  type ReplyDraft,
  referralKindsFor,
  replyErrors,
  sectionsFor,
  toReply,
  wantedForm,
} from '../disclosure/reply-draft';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';
import './disclosure-forms.css';

const groundText = (g: PartGround): string =>
  g === 'not_government_information' ? PART_GROUND_EXTRA_TEXT[g] : DISCLOSURE_OUTCOME_TEXT[g];

/**
 * 拟稿: the handler's reply, whose fields follow the outcome chosen (reply-draft.ts). Checked with
 * the reply's own schema before it is sent, so each field shows the rule it breaks; the server's
 * answer (its message) is the last word. A draft replaces any earlier one and its approval.
 */
export default defineComponent({
  name: 'DraftReplyAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const session = useSession();
    const wanted = wantedForm(props.kase.disclosure?.request.form.medium);
    const { draft, discard } = useActionDraft<ReplyDraft>(props.kase.caseId, 'draft_reply', () =>
      emptyReplyDraft(wanted),
    );
    const checked = ref(false);
    const drafter = computed(() => ({ id: session.user?.sub ?? '', name: session.user?.name ?? '' }));
    const errors = computed(() => (checked.value ? replyErrors(draft.value, drafter.value) : {}));
    const sections = computed(() => new Set(sectionsFor(draft.value.outcome)));

    const item = (path: string, label: string, required = false) => ({
      label,
      required,
      id: `reply-${path.replace(/\./g, '-')}`,
      error: errors.value[path],
    });
    const id = (path: string) => `reply-${path.replace(/\./g, '-')}`;

    return () => {
      const d = draft.value;
      const show = sections.value;
      return (
        <ActionDialog
          title="拟稿"
          submitText="提交审核"
          validate={() => {
            checked.value = true;
            const found = replyErrors(d, drafter.value);
            const first = Object.values(found)[0];
            return first ? `答复稿有误：${first}` : undefined;
          }}
          submit={() =>
            act(props.kase.caseId, props.kase.version, {
              action: 'draft_reply',
              reply: toReply(d),
              drafterName: drafter.value.name,
            })
          }
          onDone={(k) => {
            discard();
            emit('done', k);
          }}
          onClose={() => emit('close')}
          onReload={() => emit('reload')}
        >
          <p>答复稿提交后由审核人（他人）完成保密审查并审核通过，系统据此生成答复书。</p>
          <Field {...item('outcome', REPLY_TEXT.outcome, true)}>
            <ElSelect
              id={id('outcome')}
              v-model={d.outcome}
              filterable
              defaultFirstOption
              placeholder="选择答复类型"
            >
              {OUTCOME_GROUPS.map((g) => (
                <ElOptionGroup key={g} label={OUTCOME_GROUP_TEXT[g]}>
                  {DISCLOSURE_OUTCOME_CODES.filter((o) => DISCLOSURE_OUTCOMES[o].group === g).map((o) => (
                    <ElOption key={o} value={o} label={DISCLOSURE_OUTCOME_TEXT[o]} />
                  ))}
                </ElOptionGroup>
              ))}
            </ElSelect>
          </Field>
          {d.outcome && DISCLOSURE_OUTCOMES[d.outcome].article && (
            <p class="hint">
              依据：《中华人民共和国政府信息公开条例》{DISCLOSURE_OUTCOMES[d.outcome].article}
            </p>
          )}
          {show.has('disclosedVia') && (
            <Field {...item('disclosedVia', '公开方式', true)}>
              <ElRadioGroup id={id('disclosedVia')} v-model={d.disclosedVia} aria-label="公开方式">
                {DISCLOSED_VIAS.map((v) => (
                  <ElRadio key={v} value={v}>
                    {DISCLOSED_VIA_TEXT[v]}
                  </ElRadio>
                ))}
              </ElRadioGroup>
            </Field>
          )}
          {show.has('notHeld') && (
            <Field {...item('notHeld', '不掌握的情形', true)}>
              <ElRadioGroup id={id('notHeld')} v-model={d.notHeld} aria-label="不掌握的情形">
                {NOT_HELD_KINDS.map((v) => (
                  <ElRadio key={v} value={v}>
                    {NOT_HELD_TEXT[v]}
                  </ElRadio>
                ))}
              </ElRadioGroup>
            </Field>
          )}
          {show.has('reason') && (
            <Field {...item('reason', REPLY_TEXT.reason)}>
              <ElInput
                id={id('reason')}
                v-model={d.reason}
                type="textarea"
                autosize={{ minRows: 3, maxRows: 8 }}
                maxlength={REPLY_TEXT_MAX_CHARS}
                showWordLimit
              />
            </Field>
          )}
          {show.has('provision') && (
            <fieldset class="reply-fieldset">
              <legend>{REPLY_TEXT.provision}</legend>
              <div class="reply-row">
                <Field {...item('provision.form', '提供形式', true)}>
                  <ElSelect id={id('provision.form')} v-model={d.provisionForm}>
                    {PROVISION_FORMS.map((f) => (
                      <ElOption key={f} value={f} label={PROVISION_FORM_TEXT[f]} />
                    ))}
                  </ElSelect>
                </Field>
                <Field {...item('provision.formWanted', '申请人要求的形式')}>
                  <ElSelect id={id('provision.formWanted')} v-model={d.provisionFormWanted} clearable>
                    {PROVISION_FORMS.map((f) => (
                      <ElOption key={f} value={f} label={PROVISION_FORM_TEXT[f]} />
                    ))}
                  </ElSelect>
                </Field>
              </div>
              {d.provisionFormWanted && d.provisionForm !== d.provisionFormWanted && (
                <Field {...item('provision.formReason', '未按要求形式提供的理由', true)}>
                  <ElInput
                    id={id('provision.formReason')}
                    v-model={d.provisionFormReason}
                    maxlength={REPLY_TEXT_MAX_CHARS}
                  />
                </Field>
              )}
              <div class="reply-row">
                <Field {...item('provision.where', '获取地点或途径')}>
                  <ElInput
                    id={id('provision.where')}
                    v-model={d.provisionWhere}
                    maxlength={REPLY_SHORT_MAX_CHARS}
                  />
                </Field>
                <Field {...item('provision.when', '获取时间')}>
                  <ElInput
                    id={id('provision.when')}
                    v-model={d.provisionWhen}
                    maxlength={REPLY_SHORT_MAX_CHARS}
                  />
                </Field>
              </div>
            </fieldset>
          )}
          {show.has('withheldParts') && (
            <fieldset class="reply-fieldset">
              <legend>{REPLY_TEXT.withheldParts}</legend>
              {errors.value.withheldParts && (
                <p class="field-error" role="alert">
                  {errors.value.withheldParts}
                </p>
              )}
              {d.withheldParts.map((p, i) => (
                <div class="reply-part" key={i}>
                  <Field {...item(`withheldParts.${i}.part`, `第 ${i + 1} 项内容`, true)}>
                    <ElInput
                      id={id(`withheldParts.${i}.part`)}
                      v-model={p.part}
                      maxlength={REPLY_SHORT_MAX_CHARS}
                    />
                  </Field>
                  <Field {...item(`withheldParts.${i}.ground`, '不予公开的依据', true)}>
                    <ElSelect
                      id={id(`withheldParts.${i}.ground`)}
                      v-model={p.ground}
                      filterable
                      defaultFirstOption
                    >
                      {PART_GROUNDS.map((g) => (
                        <ElOption key={g} value={g} label={groundText(g)} />
                      ))}
                    </ElSelect>
                  </Field>
                  <Field {...item(`withheldParts.${i}.reason`, '理由', true)}>
                    <ElInput
                      id={id(`withheldParts.${i}.reason`)}
                      v-model={p.reason}
                      maxlength={REPLY_TEXT_MAX_CHARS}
                    />
                  </Field>
                  <ElButton size="small" onClick={() => d.withheldParts.splice(i, 1)}>
                    删除第 {i + 1} 项
                  </ElButton>
                </div>
              ))}
              {d.withheldParts.length < WITHHELD_PARTS_MAX && (
                <ElButton
                  size="small"
                  onClick={() => d.withheldParts.push({ part: '', ground: '', reason: '' })}
                >
                  添加不予公开的内容
                </ElButton>
              )}
            </fieldset>
          )}
          {show.has('referral') && (
            <fieldset class="reply-fieldset">
              <legend>{REPLY_TEXT.referral}</legend>
              <Field {...item('referral.kind', '告知方式', d.outcome === 'withheld_administrative_inquiry')}>
                <ElRadioGroup id={id('referral.kind')} v-model={d.referralKind} aria-label="告知方式">
                  <ElRadio value="">不告知</ElRadio>
                  {referralKindsFor(d).map((k) => (
                    <ElRadio key={k} value={k}>
                      {REFERRAL_TEXT[k]}
                    </ElRadio>
                  ))}
                </ElRadioGroup>
              </Field>
              {errors.value.referral && (
                <p class="field-error" role="alert">
                  {errors.value.referral}
                </p>
              )}
              {d.referralKind === 'apply_elsewhere' && (
                <div class="reply-row">
                  <Field {...item('referral.body', '负责公开的机关', true)}>
                    <ElInput
                      id={id('referral.body')}
                      v-model={d.referralBody}
                      maxlength={REPLY_SHORT_MAX_CHARS}
                    />
                  </Field>
                  <Field {...item('referral.contact', '联系方式', true)}>
                    <ElInput
                      id={id('referral.contact')}
                      v-model={d.referralContact}
                      maxlength={REPLY_SHORT_MAX_CHARS}
                    />
                  </Field>
                </div>
              )}
              {d.referralKind === 'other_route' && (
                <Field {...item('referral.route', '办理途径', true)}>
                  <ElInput
                    id={id('referral.route')}
                    v-model={d.referralRoute}
                    maxlength={REPLY_TEXT_MAX_CHARS}
                  />
                </Field>
              )}
            </fieldset>
          )}
          {show.has('previousReply') && (
            <div class="reply-row">
              <Field {...item('previousReply.repliedOn', '此前答复日期', true)}>
                <ElInput id={id('previousReply.repliedOn')} v-model={d.previousRepliedOn} type="date" />
              </Field>
              <Field {...item('previousReply.letterNo', '此前答复文号', true)}>
                <ElInput
                  id={id('previousReply.letterNo')}
                  v-model={d.previousLetterNo}
                  maxlength={REPLY_SHORT_MAX_CHARS}
                />
              </Field>
            </div>
          )}
          {errors.value.previousReply && (
            <p class="field-error" role="alert">
              {errors.value.previousReply}
            </p>
          )}
          {show.has('correctionNoticeOn') && (
            <Field {...item('correctionNoticeOn', '补正告知日期')}>
              <ElInput id={id('correctionNoticeOn')} v-model={d.correctionNoticeOn} type="date" />
            </Field>
          )}
          {show.has('fee') && (
            <>
              <ElCheckbox id={id('fee')} v-model={d.charged}>
                收取{REPLY_TEXT.fee}（条例第四十二条：申请数量、频次明显超过合理范围的）
              </ElCheckbox>
              {errors.value.fee && (
                <p class="field-error" role="alert">
                  {errors.value.fee}
                </p>
              )}
              {d.charged && (
                <div class="reply-row">
                  <Field {...item('fee.amountFen', '金额（元）', true)}>
                    <ElInput id={id('fee.amountFen')} v-model={d.feeYuan} inputmode="decimal" />
                  </Field>
                  <Field {...item('fee.noticeNo', '收费通知文号', true)}>
                    <ElInput
                      id={id('fee.noticeNo')}
                      v-model={d.feeNoticeNo}
                      maxlength={REPLY_SHORT_MAX_CHARS}
                    />
                  </Field>
                </div>
              )}
            </>
          )}
          <p class="hint">
            {REPLY_TEXT.drafter}：{drafter.value.name}
          </p>
        </ActionDialog>
      );
    };
  },
});
