import {
  ElAlert,
  ElButton,
  ElCheckbox,
  ElForm,
  ElFormItem,
  ElInput,
  ElOption,
  ElRadio,
  ElRadioGroup,
  ElSelect,
} from 'element-plus';
import {
  computed,
  defineComponent,
  nextTick,
  onBeforeUnmount,
  onMounted,
  type PropType,
  ref,
  watch,
} from 'vue';
import { TYPE_TEXT, URGENCY_TEXT } from '../../../../../shared/domain/labels';
import { type CallAppealInput, classify, submitCallAppeal } from '../../api/agent';
import type { StaffDirectory } from '../../api/directory';
import { ApiError, ConflictError } from '../../api/http';
import { useDraft } from '../../composables/use-draft';
import {
  APPEAL_LIMITS,
  type AppealDraft,
  type DraftField,
  draftErrors,
  draftKey,
  emptyDraft,
  FIELD_ORDER,
  toAppealRequest,
} from './appeal-draft';
import type { NameOf } from './case-links';
import { NearbyCases } from './nearby-cases';
import {
  applySuggestion,
  CLASSIFY_DEBOUNCE_MS,
  CLASSIFY_MIN_CHARS,
  type KnownCodes,
  type Suggestion,
  suggestionFills,
} from './suggestion';
import { SuggestionBar } from './suggestion-bar';

/** A refusal as the form shows it; `null` from `failureOf` means the host shows it itself. */
export interface AppealFailure {
  readonly title: string;
  readonly detail?: string;
  readonly conflict: boolean;
}

/** Where the appeal goes: by default the answered call's own appeal (POST /v1/calls/{callId}/appeal). */
export type SendAppeal = (appeal: CallAppealInput) => Promise<{ trackingNo: string; caseId: string }>;

export interface SubmittedAppeal {
  readonly callId: string;
  readonly trackingNo: string;
  readonly caseId: string;
  readonly answeredDirectly: boolean;
}

/** Each field's element id: labels point at them, and a failed check focuses the first one. */
const ID: Record<DraftField, string> = {
  content: 'appeal-content',
  type: 'appeal-type',
  category: 'appeal-category',
  district: 'appeal-district',
  address: 'appeal-address',
  urgency: 'appeal-urgency',
  callbackPhone: 'appeal-callback-phone',
  name: 'appeal-name',
  answeredDirectly: 'appeal-answered-directly',
  reply: 'appeal-reply',
};

/**
 * 诉求录入 for one call, typed while the caller talks. The content comes first: the caller starts
 * with the problem, and the classifier's suggestion for the pickers below needs it. Enter never
 * submits (it chooses in a picker, breaks a line in a text area); Ctrl+Enter does.
 */
export const AppealForm = defineComponent({
  name: 'AppealForm',
  props: {
    callId: { type: String, required: true },
    userSub: { type: String, required: true },
    directory: { type: Object as PropType<StaffDirectory>, required: true },
    nameOf: { type: Function as PropType<NameOf>, required: true },
    /** Take the focus on opening: the call was just answered, the agent types at once. */
    autofocus: { type: Boolean, default: false },
    /** Another destination for the same appeal (a reached callback posts it with its attempt). */
    send: { type: Function as PropType<SendAppeal>, default: undefined },
    /** Fields known before typing (a callback knows the number it dialled). */
    initial: { type: Object as PropType<Partial<AppealDraft>>, default: undefined },
    /**
     * Where the draft is kept: localStorage by default; a callback passes memory, since its draft
     * holds the caller's number in clear, which must not outlive the dialog.
     */
    storage: {
      type: Object as PropType<Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>>,
      default: undefined,
    },
    /** The host's own words for a refusal; `null` when the host shows it (with its own reload). */
    failureOf: {
      type: Function as PropType<(e: unknown) => AppealFailure | null | undefined>,
      default: undefined,
    },
    submitText: { type: String, default: undefined },
  },
  emits: { submitted: (_appeal: SubmittedAppeal) => true },
  setup(props, { emit }) {
    const { draft, discard } = useDraft<AppealDraft>(
      draftKey(props.userSub, props.callId),
      () => ({ ...emptyDraft(), ...props.initial }),
      props.storage,
    );
    const checked = ref(false);
    const submitting = ref(false);
    const failure = ref<AppealFailure>();
    const suggestion = ref<Suggestion>();
    const root = ref<HTMLElement>();

    const known = computed<KnownCodes>(() => ({
      categories: new Set(props.directory.categories.map((c) => c.code)),
      districts: new Set(props.directory.districts.map((d) => d.code)),
      types: new Set(Object.keys(TYPE_TEXT)),
    }));
    const errors = computed(() => (checked.value ? draftErrors(draft.value) : {}));
    const fills = computed(() =>
      suggestion.value ? suggestionFills(draft.value, suggestion.value, known.value) : {},
    );

    // The classifier, once the agent pauses typing; an answer to older text is dropped.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = 0;
    function classifySoon(text: string): void {
      clearTimeout(timer);
      const ask = ++asked;
      if (text.trim().length < CLASSIFY_MIN_CHARS) {
        suggestion.value = undefined;
        return;
      }
      timer = setTimeout(async () => {
        try {
          const answer = await classify(text.trim());
          if (ask === asked) suggestion.value = answer;
        } catch {
          // No suggestion this time: the pickers work without one.
          if (ask === asked) suggestion.value = undefined;
        }
      }, CLASSIFY_DEBOUNCE_MS);
    }
    watch(() => draft.value.content, classifySoon);
    onBeforeUnmount(() => clearTimeout(timer));

    /**
     * Applying removes the bar and its button, which had the focus: the focus moves on to the first
     * picker still empty, else the address, so the keyboard flow goes on where the agent is.
     */
    async function applyFills(): Promise<void> {
      draft.value = applySuggestion(draft.value, fills.value);
      await nextTick();
      const d = draft.value;
      const next = (['type', 'category', 'district'] as const).find((f) => !d[f]) ?? 'address';
      focusField(next);
    }

    function focusField(field: DraftField): void {
      document.getElementById(ID[field])?.focus();
    }

    async function submit(): Promise<void> {
      if (submitting.value) return;
      checked.value = true;
      const problems = draftErrors(draft.value);
      const first = FIELD_ORDER.find((f) => problems[f]);
      if (first) {
        await nextTick();
        focusField(first);
        return;
      }
      submitting.value = true;
      failure.value = undefined;
      const answeredDirectly = draft.value.answeredDirectly;
      try {
        const appeal = toAppealRequest(draft.value);
        const { trackingNo, caseId } = await (props.send
          ? props.send(appeal)
          : submitCallAppeal(props.callId, appeal));
        discard();
        emit('submitted', { callId: props.callId, trackingNo, caseId, answeredDirectly });
      } catch (e) {
        const own = props.failureOf?.(e);
        if (own !== undefined) {
          failure.value = own ?? undefined;
        } else if (e instanceof ConflictError && e.code === 'appeal_exists') {
          failure.value = {
            title: '此来电已有另一份诉求，本次未提交（录入内容已保留）',
            detail: e.message,
            conflict: true,
          };
        } else if (e instanceof ApiError) {
          failure.value = { title: `提交失败：${e.message}`, conflict: false };
        } else {
          failure.value = { title: '提交失败：网络异常，录入内容已保留，请重试', conflict: false };
        }
      } finally {
        submitting.value = false;
      }
    }

    /** Ctrl+Enter submits from anywhere in the form; Enter in a one-line field does nothing. */
    function onKeydown(event: KeyboardEvent): void {
      if (event.key !== 'Enter' || event.isComposing) return;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        void submit();
        return;
      }
      const target = event.target as HTMLElement;
      if (target instanceof HTMLInputElement && !target.closest('.el-select')) event.preventDefault();
    }

    // On the form's wrapper, not a handler prop: the keys are the form's shortcuts, the wrapper no control.
    onMounted(() => root.value?.addEventListener('keydown', onKeydown));
    onBeforeUnmount(() => root.value?.removeEventListener('keydown', onKeydown));

    onMounted(async () => {
      if (draft.value.content) classifySoon(draft.value.content);
      if (props.autofocus) {
        await nextTick();
        focusField('content');
      }
    });

    const field = (name: DraftField) => ({ error: errors.value[name], for: ID[name] });

    return () => {
      const d = draft.value;
      return (
        <div class="appeal" ref={root}>
          <ElForm class="appeal-form" labelPosition="top" aria-label="诉求录入">
            <ElFormItem label="诉求内容" required {...field('content')}>
              <ElInput
                id={ID.content}
                v-model={d.content}
                type="textarea"
                autosize={{ minRows: 4, maxRows: 10 }}
                maxlength={APPEAL_LIMITS.content}
                showWordLimit
                placeholder="边听边记：来电人反映的问题、时间、地点、诉求"
              />
            </ElFormItem>
            <SuggestionBar fills={fills.value} nameOf={props.nameOf} onApply={applyFills} />
            <div class="appeal-row">
              <ElFormItem label="诉求类型" required {...field('type')}>
                <ElSelect
                  id={ID.type}
                  v-model={d.type}
                  filterable
                  defaultFirstOption
                  placeholder="选择或输入搜索"
                >
                  {Object.entries(TYPE_TEXT).map(([code, name]) => (
                    <ElOption key={code} value={code} label={name} />
                  ))}
                </ElSelect>
              </ElFormItem>
              <ElFormItem label="问题类别" required {...field('category')}>
                <ElSelect
                  id={ID.category}
                  v-model={d.category}
                  filterable
                  defaultFirstOption
                  placeholder="选择或输入搜索"
                >
                  {props.directory.categories.map((c) => (
                    <ElOption key={c.code} value={c.code} label={c.name} />
                  ))}
                </ElSelect>
              </ElFormItem>
              <ElFormItem label="所属区域" required {...field('district')}>
                <ElSelect
                  id={ID.district}
                  v-model={d.district}
                  filterable
                  defaultFirstOption
                  placeholder="选择或输入搜索"
                >
                  {props.directory.districts.map((c) => (
                    <ElOption key={c.code} value={c.code} label={c.name} />
                  ))}
                </ElSelect>
              </ElFormItem>
            </div>
            <ElFormItem label="详细地址" {...field('address')}>
              <ElInput
                id={ID.address}
                v-model={d.address}
                maxlength={APPEAL_LIMITS.address}
                placeholder="街道、小区、门牌或附近地标"
              />
            </ElFormItem>
            <div class="appeal-row">
              <ElFormItem label="回拨电话" required {...field('callbackPhone')}>
                <ElInput
                  id={ID.callbackPhone}
                  v-model={d.callbackPhone}
                  type="tel"
                  maxlength={32}
                  placeholder="软电话显示的号码"
                />
              </ElFormItem>
              <ElFormItem label="紧急程度" {...field('urgency')}>
                <ElRadioGroup id={ID.urgency} v-model={d.urgency} aria-label="紧急程度">
                  <ElRadio value="normal">{URGENCY_TEXT.normal}</ElRadio>
                  <ElRadio value="urgent">{URGENCY_TEXT.urgent}</ElRadio>
                </ElRadioGroup>
              </ElFormItem>
              <ElFormItem label="姓名（选填）" {...field('name')}>
                <ElInput id={ID.name} v-model={d.name} maxlength={APPEAL_LIMITS.name} autocomplete="off" />
              </ElFormItem>
            </div>
            <ElCheckbox id={ID.answeredDirectly} v-model={d.answeredDirectly} class="direct-toggle">
              电话中已直接答复（咨询等当场解答，直接办结，不派单）
            </ElCheckbox>
            {d.answeredDirectly && (
              <ElFormItem label="告知来电人的答复" required {...field('reply')}>
                <ElInput
                  id={ID.reply}
                  v-model={d.reply}
                  type="textarea"
                  autosize={{ minRows: 3, maxRows: 8 }}
                  maxlength={APPEAL_LIMITS.reply}
                  showWordLimit
                />
              </ElFormItem>
            )}
            {failure.value && (
              <ElAlert
                type={failure.value.conflict ? 'warning' : 'error'}
                title={failure.value.title}
                description={failure.value.detail}
                closable={false}
                showIcon
              />
            )}
            <div class="appeal-actions">
              <ElButton
                type="primary"
                size="large"
                loading={submitting.value}
                onClick={submit}
                aria-keyshortcuts="Control+Enter"
                data-testid="submit-appeal"
              >
                {props.submitText ?? (d.answeredDirectly ? '直接答复并办结' : '提交派单')}
              </ElButton>
              <span class="shortcut-hint">
                <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交 · <kbd>Tab</kbd> 下一项 · 输入框中回车不会提交 ·
                录入内容自动保存
              </span>
            </div>
          </ElForm>
          <NearbyCases district={d.district} category={d.category} nameOf={props.nameOf} />
        </div>
      );
    };
  },
});
