import { ElAlert, ElButton, ElCheckbox, ElDialog, ElInput, ElRadioButton, ElRadioGroup } from 'element-plus';
import { computed, defineComponent, type PropType, ref } from 'vue';
import { CALLBACK_OUTCOME_TEXT, MISSED_REASON_TEXT } from '../../../../../shared/domain/labels';
import {
  type CallbackAttemptResult,
  type CallbackOutcome,
  recordCallbackAttempt,
  type TakenCallback,
} from '../../api/callbacks';
import type { StaffDirectory } from '../../api/directory';
import { ApiError, ConflictError } from '../../api/http';
import { memoryStorage } from '../../composables/use-draft';
import { AppealForm, type SubmittedAppeal } from './appeal-form';
import { AppealReceipt } from './appeal-receipt';
import {
  attemptBody,
  attemptsText,
  CALLBACK_OUTCOMES,
  callbackCountdown,
  conflictText,
  lineText,
  NOTE_MAX,
  numberText,
  outcomeError,
  telHref,
} from './callback-rows';
import type { NameOf } from './case-links';
import { clockTime, dateTime } from './format';

/** A failure the dialog has already shown above the appeal form. */
class ShownAbove extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ShownAbove';
  }
}

/**
 * 回拨 one taken task: the number in clear as a `tel:` link (a click dials on the softphone), the
 * caller's missed calls, and the outcome — 回拨成功 / 无人接听 / 号码错误 / 拒接 with a note. 回拨成功
 * may enter the caller's appeal with the agent screen's own form, posted with the attempt; the
 * tracking number is then read out from the receipt. The number lives in this dialog's props only
 * (the taker's answer, held by the screen until the dialog closes; the appeal's draft in memory),
 * never in a store or localStorage. Ctrl+Enter submits, Esc closes; a 409 is said in Chinese with
 * a reload and never retried.
 */
export const CallbackDialog = defineComponent({
  name: 'CallbackDialog',
  props: {
    task: { type: Object as PropType<TakenCallback>, required: true },
    userSub: { type: String, required: true },
    directory: { type: Object as PropType<StaffDirectory | undefined>, default: undefined },
    nameOf: { type: Function as PropType<NameOf>, required: true },
    now: { type: Object as PropType<Date>, required: true },
  },
  emits: {
    done: (_result: CallbackAttemptResult) => true,
    close: () => true,
    reload: () => true,
  },
  setup(props, { emit }) {
    const open = ref(true);
    const outcome = ref<CallbackOutcome | ''>('');
    const note = ref('');
    const withAppeal = ref(false);
    const sending = ref(false);
    const conflict = ref<string>();
    const error = ref<string>();
    const receipt = ref<SubmittedAppeal>();
    // The appeal's draft holds the number in clear: it lives and dies with this dialog.
    const storage = memoryStorage();
    const appealing = computed(() => outcome.value === 'reached' && withAppeal.value);

    function failed(e: unknown): void {
      if (e instanceof ConflictError) conflict.value = conflictText(e.code);
      else error.value = e instanceof ApiError ? e.message : '网络异常，请稍后重试（本次结果未登记）';
    }

    async function onSubmit(event: Event): Promise<void> {
      event.preventDefault();
      if (sending.value || conflict.value || appealing.value) return;
      error.value = outcomeError(outcome.value, note.value);
      if (error.value || !outcome.value) return;
      sending.value = true;
      try {
        const result = await recordCallbackAttempt(props.task.taskId, attemptBody(outcome.value, note.value));
        open.value = false;
        emit('done', result);
      } catch (e) {
        failed(e);
      } finally {
        sending.value = false;
      }
    }

    /** 回拨成功 with an appeal: the attempt and the appeal go in one request. */
    async function sendAppeal(appeal: Parameters<typeof attemptBody>[2]) {
      error.value = outcomeError('reached', note.value);
      if (error.value) throw new ShownAbove(error.value);
      const result = await recordCallbackAttempt(
        props.task.taskId,
        attemptBody('reached', note.value, appeal),
      );
      emit('done', result);
      if (!result.case) throw new Error('回拨结果已登记，但未返回受理编号，请在工单查询中核对');
      return result.case;
    }

    /** The dialog says a 409 (with its reload) and its own checks above the form; the form stays quiet. */
    function appealFailure(e: unknown): null | undefined {
      if (e instanceof ShownAbove) return null;
      if (e instanceof ConflictError) {
        failed(e);
        return null;
      }
      return undefined;
    }

    function onKeydown(event: KeyboardEvent): void {
      if (event.key !== 'Enter' || event.isComposing || !(event.ctrlKey || event.metaKey)) return;
      void onSubmit(event);
    }

    const renderFacts = () => {
      const t = props.task;
      const countdown = callbackCountdown(t, props.now);
      return (
        <dl class="call-facts callback-facts">
          <dt>线路</dt>
          <dd>{lineText(t)}</dd>
          <dt>回拨时限</dt>
          <dd>
            <span class={['countdown', `tone-${countdown.tone}`]}>{countdown.text}</span>（
            {dateTime(t.callbackDueAt)}）
          </dd>
          <dt>回拨次数</dt>
          <dd>{attemptsText(t)}</dd>
          {t.heldUntil && [<dt key="held-t">领取至</dt>, <dd key="held-d">{clockTime(t.heldUntil)}</dd>]}
        </dl>
      );
    };

    const renderCalls = () => (
      <section aria-labelledby="callback-calls-title">
        <h3 id="callback-calls-title">漏接来电（{props.task.calls.length}）</h3>
        <ul class="callback-calls">
          {props.task.calls.map((c) => (
            <li key={c.callId}>
              {dateTime(c.missedAt)} · {MISSED_REASON_TEXT[c.reason]} · 线路 {c.line}
            </li>
          ))}
        </ul>
      </section>
    );

    const renderOutcome = () => (
      <form class="action-form" onSubmit={onSubmit} onKeydown={onKeydown} novalidate>
        <fieldset class="callback-outcome">
          <legend>回拨结果</legend>
          <ElRadioGroup v-model={outcome.value} aria-label="回拨结果">
            {CALLBACK_OUTCOMES.map((o) => (
              <ElRadioButton key={o} value={o} data-outcome={o}>
                {CALLBACK_OUTCOME_TEXT[o]}
              </ElRadioButton>
            ))}
          </ElRadioGroup>
        </fieldset>
        <div class="field">
          <label for="callback-note">备注（选填）</label>
          <ElInput
            id="callback-note"
            v-model={note.value}
            type="textarea"
            autosize={{ minRows: 2, maxRows: 5 }}
            maxlength={NOTE_MAX}
            showWordLimit
            placeholder="如：关机、空号、来电人称已自行解决"
          />
        </div>
        {outcome.value === 'reached' && props.directory && (
          <ElCheckbox v-model={withAppeal.value} class="direct-toggle" data-testid="callback-with-appeal">
            登记诉求（来电人有诉求时在下方录入，与本次回拨一并提交）
          </ElCheckbox>
        )}
        {error.value && <ElAlert type="error" showIcon closable={false} title={error.value} />}
        {!appealing.value && (
          <div class="action-buttons">
            <span class="shortcut-hint">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交 · <kbd>Esc</kbd> 取消
            </span>
            <ElButton onClick={() => (open.value = false)}>取消</ElButton>
            <ElButton
              type="primary"
              nativeType="submit"
              aria-keyshortcuts="Control+Enter"
              loading={sending.value}
              disabled={Boolean(conflict.value)}
              data-testid="callback-submit"
            >
              登记回拨结果
            </ElButton>
          </div>
        )}
      </form>
    );

    return () => {
      const t = props.task;
      return (
        <ElDialog
          modelValue={open.value}
          title={`回拨 ${t.callerMasked}`}
          width={appealing.value || receipt.value ? 'min(1100px, 96vw)' : 'min(600px, 94vw)'}
          appendToBody
          closeOnClickModal={false}
          class="callback-dialog"
          onUpdate:modelValue={(v: boolean) => {
            open.value = v;
          }}
          onClosed={() => emit('close')}
        >
          <div class="agent-desk callback-body">
            {conflict.value && (
              <ElAlert type="warning" showIcon closable={false} title={conflict.value} class="action-alert">
                <p>本次回拨结果未登记。请刷新回拨列表后再处理。</p>
                <ElButton type="warning" onClick={() => emit('reload')} data-testid="callback-reload">
                  刷新列表
                </ElButton>
              </ElAlert>
            )}
            <p class="callback-number">
              <span>回拨号码</span>
              <a href={telHref(t.callerNumber)} data-testid="callback-number">
                {numberText(t.callerNumber)}
              </a>
              <span class="hint">点击号码用软电话拨出；关闭对话框后号码不再显示</span>
            </p>
            {renderFacts()}
            {renderCalls()}
            {receipt.value ? (
              <>
                <AppealReceipt
                  trackingNo={receipt.value.trackingNo}
                  caseId={receipt.value.caseId}
                  answeredDirectly={receipt.value.answeredDirectly}
                  autofocus
                />
                <div class="action-buttons">
                  <ElButton type="primary" onClick={() => (open.value = false)}>
                    完成
                  </ElButton>
                </div>
              </>
            ) : (
              <>
                {renderOutcome()}
                {appealing.value && props.directory && !conflict.value && (
                  <AppealForm
                    callId={`callback:${t.taskId}`}
                    userSub={props.userSub}
                    directory={props.directory}
                    nameOf={props.nameOf}
                    initial={{ callbackPhone: t.callerNumber }}
                    storage={storage}
                    send={sendAppeal}
                    submitText="回拨成功并提交诉求"
                    failureOf={appealFailure}
                    onSubmitted={(a: SubmittedAppeal) => {
                      receipt.value = a;
                    }}
                  />
                )}
              </>
            )}
          </div>
        </ElDialog>
      );
    };
  },
});
