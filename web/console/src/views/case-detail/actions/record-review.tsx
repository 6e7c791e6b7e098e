import { ElInput, ElRadio, ElRadioGroup } from 'element-plus';
import { defineComponent } from 'vue';
import { REVIEW_KINDS, REVIEW_RESULTS } from '../../../../../../shared/domain/disclosure/template';
import { REVIEW_KIND_TEXT, REVIEW_RESULT_TEXT } from '../../../../../../shared/domain/labels';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';
import './disclosure-forms.css';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 复议诉讼登记: a 行政复议 or 行政诉讼 about the reply, recorded when it is filed and again when it is
 * decided (the same record, by its id); the annual report's section 四 counts them.
 */
export default defineComponent({
  name: 'RecordReviewAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const pending = props.kase.disclosure?.reviews?.filter((r) => r.result === 'pending') ?? [];
    const { draft, discard } = useActionDraft(props.kase.caseId, 'record_review', () => ({
      reviewId: '',
      kind: 'reconsideration' as (typeof REVIEW_KINDS)[number],
      filedOn: '',
      result: 'pending' as (typeof REVIEW_RESULTS)[number],
      decidedOn: '',
    }));
    return () => {
      const d = draft.value;
      return (
        <ActionDialog
          title="复议诉讼登记"
          validate={() => {
            if (!DAY.test(d.filedOn)) return '请填写提起日期';
            if (d.result !== 'pending' && !DAY.test(d.decidedOn)) return '请填写审结日期';
            return undefined;
          }}
          submit={() =>
            act(props.kase.caseId, props.kase.version, {
              action: 'record_review',
              ...(d.reviewId ? { reviewId: d.reviewId } : {}),
              kind: d.kind,
              filedOn: d.filedOn,
              result: d.result,
              ...(d.result !== 'pending' && d.decidedOn ? { decidedOn: d.decidedOn } : {}),
            })
          }
          onDone={(k) => {
            discard();
            emit('done', k);
          }}
          onClose={() => emit('close')}
          onReload={() => emit('reload')}
        >
          {pending.length > 0 && (
            <Field label="登记对象" id="review-id">
              <ElRadioGroup
                id="review-id"
                modelValue={d.reviewId}
                onUpdate:modelValue={(v: string | number | boolean | undefined) => {
                  d.reviewId = String(v ?? '');
                  const existing = pending.find((r) => r.reviewId === d.reviewId);
                  if (existing) {
                    d.kind = existing.kind;
                    d.filedOn = existing.filedOn;
                  }
                }}
                aria-label="登记对象"
                class="stacked-radios"
              >
                <ElRadio value="">新提起的复议或诉讼</ElRadio>
                {pending.map((r) => (
                  <ElRadio key={r.reviewId} value={r.reviewId}>
                    {`${REVIEW_KIND_TEXT[r.kind]}（${r.filedOn} 提起）的审结结果`}
                  </ElRadio>
                ))}
              </ElRadioGroup>
            </Field>
          )}
          <Field label="类别" id="review-kind">
            <ElRadioGroup id="review-kind" v-model={d.kind} aria-label="类别" class="stacked-radios">
              {REVIEW_KINDS.map((k) => (
                <ElRadio key={k} value={k}>
                  {REVIEW_KIND_TEXT[k]}
                </ElRadio>
              ))}
            </ElRadioGroup>
          </Field>
          <div class="reply-row">
            <Field label="提起日期" id="review-filed-on" required>
              <ElInput id="review-filed-on" v-model={d.filedOn} type="date" />
            </Field>
            <Field label="审结日期" id="review-decided-on" required={d.result !== 'pending'}>
              <ElInput
                id="review-decided-on"
                v-model={d.decidedOn}
                type="date"
                disabled={d.result === 'pending'}
              />
            </Field>
          </div>
          <Field label="结果" id="review-result">
            <ElRadioGroup id="review-result" v-model={d.result} aria-label="结果">
              {REVIEW_RESULTS.map((r) => (
                <ElRadio key={r} value={r}>
                  {REVIEW_RESULT_TEXT[r]}
                </ElRadio>
              ))}
            </ElRadioGroup>
          </Field>
        </ActionDialog>
      );
    };
  },
});
