import { ElButton } from 'element-plus';
import { defineComponent, nextTick, onMounted, type PropType, ref } from 'vue';
import { RouterLink } from 'vue-router';

/**
 * 受理编号: what the agent reads out to the caller, large and copyable. The copy button takes the
 * focus, so Enter copies it for a text message or a note.
 */
export const AppealReceipt = defineComponent({
  name: 'AppealReceipt',
  props: {
    trackingNo: { type: String, required: true },
    caseId: { type: String, default: undefined },
    /** 直接答复 or 派单 when this page submitted it; undefined when the call list reports an earlier one. */
    answeredDirectly: { type: Boolean as PropType<boolean | undefined>, default: undefined },
    /** Right after the submit: the copy button takes the focus. */
    autofocus: { type: Boolean, default: false },
  },
  setup(props) {
    const copied = ref<'yes' | 'no'>();
    const button = ref<InstanceType<typeof ElButton>>();

    async function copy(): Promise<void> {
      try {
        await navigator.clipboard.writeText(props.trackingNo);
        copied.value = 'yes';
      } catch {
        // No clipboard permission (an http origin, a locked-down browser): the number stays selectable.
        copied.value = 'no';
      }
    }

    onMounted(async () => {
      if (!props.autofocus) return;
      await nextTick();
      (button.value?.$el as HTMLElement | undefined)?.focus();
    });

    return () => (
      <div class="receipt" role="status" data-testid="appeal-receipt">
        <p class="receipt-lead">
          {props.answeredDirectly === undefined
            ? '此来电已受理，受理编号：'
            : props.answeredDirectly
              ? '已直接答复并办结，请告知来电人受理编号：'
              : '已提交派单，请告知来电人受理编号：'}
        </p>
        <p class="receipt-no" data-testid="tracking-no">
          {props.trackingNo}
        </p>
        <div class="receipt-actions">
          <ElButton ref={button} type="primary" onClick={copy}>
            复制编号
          </ElButton>
          {props.caseId && (
            <RouterLink to={{ name: 'case', params: { caseId: props.caseId } }}>查看工单</RouterLink>
          )}
          <span class="copy-state" aria-live="polite">
            {copied.value === 'yes'
              ? '已复制'
              : copied.value === 'no'
                ? '无法访问剪贴板，请手动选择编号复制'
                : ''}
          </span>
        </div>
      </div>
    );
  },
});
