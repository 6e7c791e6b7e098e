import { ElAlert, ElCheckbox, ElDescriptions, ElDescriptionsItem, ElInput } from 'element-plus';
import { computed, defineComponent, reactive } from 'vue';
import { DISCLOSURE_CONSOLE_TEXT } from '../../../../../../shared/domain/labels';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { approveReply } from '../../../api/disclosure';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { useSession } from '../../../stores/session';
import { isOwnDraft, replyLines } from '../disclosure/disclosure-format';
import { actionEmits, actionProps } from './action-props';
import './disclosure-forms.css';

/**
 * 审核通过并答复: the draft read-only, the confidentiality review (保密审查) confirmed, the reviewer's
 * name; the disclosure desk renders the 答复书 and closes the request. Two-person rule: the drafter
 * cannot approve their own draft — said here before sending, and refused by the server anyway.
 */
export default defineComponent({
  name: 'ApproveReplyAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const session = useSession();
    const own = computed(() => isOwnDraft(props.kase.disclosure, session.user?.sub));
    // Not kept as a draft: the confirmation is given anew for the draft on screen.
    const form = reactive({
      confidentialityReviewed: false,
      reviewerName: session.user?.name ?? '',
      note: '',
    });
    const draft = props.kase.disclosure?.draft;
    return () => (
      <ActionDialog
        title="审核答复"
        submitText="审核通过并答复"
        validate={() => {
          if (own.value) return DISCLOSURE_CONSOLE_TEXT.selfApproval;
          if (!form.confidentialityReviewed) return '请先完成保密审查并勾选确认';
          if (!form.reviewerName.trim()) return '请填写审核人姓名';
          return undefined;
        }}
        submit={() =>
          approveReply(props.kase.caseId, {
            expectedVersion: props.kase.version,
            confidentialityReviewed: true,
            reviewerName: form.reviewerName.trim(),
            ...(form.note.trim() ? { note: form.note.trim() } : {}),
          })
        }
        onDone={(k) => emit('done', k)}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        {own.value && (
          <ElAlert
            type="warning"
            showIcon
            closable={false}
            title={DISCLOSURE_CONSOLE_TEXT.selfApproval}
            description="按两人审核规则，本答复须由拟稿人以外的审核人审核。"
          />
        )}
        {draft ? (
          <ElDescriptions column={1} border class="reply-view" aria-label="答复稿">
            {replyLines(draft.reply).map(([label, text]) => (
              <ElDescriptionsItem key={label} label={label}>
                {text}
              </ElDescriptionsItem>
            ))}
          </ElDescriptions>
        ) : (
          <p>尚无答复稿。</p>
        )}
        <ElCheckbox
          id="approve-confidentiality"
          modelValue={form.confidentialityReviewed}
          onUpdate:modelValue={(v: unknown) => {
            form.confidentialityReviewed = v === true;
          }}
          class="confidentiality"
          data-testid="approve-confidentiality"
        >
          {DISCLOSURE_CONSOLE_TEXT.confidentiality}
        </ElCheckbox>
        <Field id="approve-reviewer" label="审核人">
          <ElInput
            id="approve-reviewer"
            modelValue={form.reviewerName}
            onUpdate:modelValue={(v: string) => {
              form.reviewerName = v;
            }}
            maxlength={50}
          />
        </Field>
        <Field id="approve-note" label="审核意见（选填）">
          <ElInput
            id="approve-note"
            modelValue={form.note}
            onUpdate:modelValue={(v: string) => {
              form.note = v;
            }}
            maxlength={NOTE_MAX_CHARS}
          />
        </Field>
      </ActionDialog>
    );
  },
});
