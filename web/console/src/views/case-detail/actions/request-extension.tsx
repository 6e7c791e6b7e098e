import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { REASON_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { endOfShanghaiDay, shanghaiDate } from '../../../../../../shared/domain/working-days';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { dueText } from '../../../components/countdown';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/**
 * 申请延期: the new deadline (a date; it ends at 23:59:59 Beijing time, as every working-day
 * deadline does) and the reason; a supervisor approves or rejects. The API checks the policy's
 * limits (how many extensions, how far) and says so in its message.
 */
export default defineComponent({
  name: 'RequestExtensionAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'request_extension', () => ({
      until: '',
      reason: '',
    }));
    const minDate = () => {
      const after = new Date(new Date(props.kase.dueAt).getTime() + 86_400_000);
      return shanghaiDate(after);
    };
    return () => (
      <ActionDialog
        title="申请延期"
        submitText="提交延期申请"
        validate={() => {
          if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.value.until)) return '请选择延期后的办理期限';
          if (draft.value.until < minDate()) return '延期后的期限须晚于当前期限';
          return draft.value.reason.trim() ? undefined : '请填写延期理由';
        }}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'request_extension',
            reason: draft.value.reason.trim(),
            requestedDueAt: endOfShanghaiDay(draft.value.until).toISOString(),
          })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>当前办理期限：{dueText(props.kase.dueAt)}。延期申请由督办人员审批，批准后期限才改变。</p>
        <Field id="request-extension-field-1" label="延期至（当日 23:59 截止）">
          <input
            id="request-extension-field-1"
            class="native-date"
            type="date"
            min={minDate()}
            value={draft.value.until}
            onInput={(e: Event) => {
              draft.value.until = (e.target as HTMLInputElement).value;
            }}
          />
        </Field>
        <Field id="request-extension-field-2" label="延期理由">
          <ElInput
            id="request-extension-field-2"
            v-model={draft.value.reason}
            type="textarea"
            rows={3}
            maxlength={REASON_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
