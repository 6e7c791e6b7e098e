import {
  ElAlert,
  ElButton,
  ElForm,
  ElFormItem,
  ElInput,
  ElOption,
  ElRadio,
  ElRadioGroup,
  ElSelect,
} from 'element-plus';
import { computed, defineComponent, nextTick, onMounted, ref, shallowRef, watch } from 'vue';
import { RouterLink } from 'vue-router';
import { IDENTITY_DOCUMENT_KINDS } from '../../../../../shared/domain/disclosure/identity-numbers';
import {
  ANNUAL_REPORT_TEXT,
  APPLICANT_KIND_TEXT,
  ARRIVAL_WAY_TEXT,
  DELIVERY_WAY_TEXT,
  DISCLOSURE_CONSOLE_TEXT,
  IDENTITY_DOCUMENT_TEXT,
  INFORMATION_MEDIUM_TEXT,
  REPRESENTATIVE_ROLE_TEXT,
} from '../../../../../shared/domain/labels';
import { type StaffDirectory, staffDirectory } from '../../api/directory';
import { type RequestAccepted, submitDisclosureRequest } from '../../api/disclosure';
import { ApiError } from '../../api/http';
import { useSession } from '../../stores/session';
import {
  ARRIVAL_TIMES,
  DELIVERIES_OF,
  ENTRY_FIELD_ORDER,
  type EntryDraft,
  type EntryErrors,
  type EntryField,
  emptyEntry,
  entryErrors,
  OFFICE_ARRIVAL_WAYS,
  type OrganisationKind,
  problemsByField,
  TIME_LABELS,
  toDisclosureRequest,
} from './entry-draft';
import './disclosure-entry.css';

const ORGANISATION_KINDS = Object.keys(APPLICANT_KIND_TEXT).filter(
  (k) => k !== 'natural_person',
) as OrganisationKind[];

const idOf = (field: EntryField) => `dr-${field}`;

/** A fresh key per form: a resend of the same form is the same request at the server. */
function newKey(): string {
  return crypto.randomUUID();
}

/**
 * 来信来访登记: a disclosure request that came by letter, fax or in person, typed by the agent, the
 * department's clerk or a supervisor. The form holds the identity number in clear, so it is kept in
 * this page only (no draft in storage). Sent once per form (its Idempotency-Key), it answers with the
 * tracking number and a link to the case; the server's problems show on their fields.
 */
export default defineComponent({
  name: 'DisclosureEntryView',
  setup() {
    const session = useSession();
    // A department enters the requests addressed to itself (第二十七条); the API refuses others.
    const ownDepartment = session.user?.role === 'department' ? session.user.departmentId : undefined;
    const fresh = (): EntryDraft => ({
      ...emptyEntry(),
      ...(ownDepartment ? { departmentId: ownDepartment } : {}),
    });
    const draft = ref<EntryDraft>(fresh());
    const key = ref(newKey());
    const checked = ref(false);
    const serverErrors = shallowRef<EntryErrors>({});
    const sending = ref(false);
    const failure = ref<string>();
    const accepted = shallowRef<RequestAccepted>();
    const directory = shallowRef<StaffDirectory>();
    const directoryError = ref<string>();

    onMounted(async () => {
      try {
        directory.value = await staffDirectory();
      } catch (e) {
        directoryError.value = e instanceof ApiError ? e.message : '单位目录加载失败，请刷新';
      }
    });

    // The delivery follows the medium: the first way that fits, unless the chosen one still does.
    watch(
      () => draft.value.medium,
      (medium) => {
        if (!DELIVERIES_OF[medium].includes(draft.value.delivery)) {
          draft.value.delivery = DELIVERIES_OF[medium][0] ?? 'post';
        }
      },
    );
    // A change to a field clears the server's word on it: it was about the old value.
    watch(
      draft,
      () => {
        if (Object.keys(serverErrors.value).length) serverErrors.value = {};
      },
      { deep: true },
    );

    const errors = computed<EntryErrors>(() => ({
      ...(checked.value ? entryErrors(draft.value) : {}),
      ...serverErrors.value,
    }));

    async function focusFirst(found: EntryErrors): Promise<void> {
      const first = ENTRY_FIELD_ORDER.find((f) => found[f]);
      await nextTick();
      if (first) document.getElementById(idOf(first))?.focus();
    }

    async function submit(): Promise<void> {
      if (sending.value) return;
      checked.value = true;
      failure.value = undefined;
      const own = entryErrors(draft.value);
      if (Object.keys(own).length) return focusFirst(own);
      sending.value = true;
      try {
        accepted.value = await submitDisclosureRequest(toDisclosureRequest(draft.value), key.value);
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          serverErrors.value = problemsByField(e.details);
          failure.value = serverErrors.value.form ? `${e.message}：${serverErrors.value.form}` : e.message;
          await focusFirst(serverErrors.value);
        } else {
          failure.value =
            e instanceof ApiError ? `提交失败：${e.message}` : '提交失败：网络异常，请重试（不会重复录入）';
        }
      } finally {
        sending.value = false;
      }
    }

    function again(): void {
      draft.value = fresh();
      key.value = newKey();
      checked.value = false;
      serverErrors.value = {};
      accepted.value = undefined;
      failure.value = undefined;
    }

    function onKeydown(event: KeyboardEvent): void {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
        event.preventDefault();
        void submit();
      }
    }

    const item = (field: EntryField, label: string, required = false) => ({
      label,
      required,
      for: idOf(field),
      error: errors.value[field],
    });

    const input = (field: EntryField, maxlength: number, extra: Record<string, unknown> = {}) => (
      <ElInput
        id={idOf(field)}
        modelValue={String(draft.value[field])}
        onUpdate:modelValue={(v: string) => {
          (draft.value as unknown as Record<string, string>)[field] = v;
        }}
        maxlength={maxlength}
        {...extra}
      />
    );

    return () => {
      const d = draft.value;
      const done = accepted.value;
      if (done) {
        return (
          <section class="disclosure-entry" aria-labelledby="dr-title">
            <h1 id="dr-title">{DISCLOSURE_CONSOLE_TEXT.entryTitle}</h1>
            <ElAlert type="success" showIcon closable={false} title="申请已录入，转承办单位登记办理">
              <p>
                工单号 <strong data-testid="dr-tracking-no">{done.trackingNo}</strong>，收到申请之日{' '}
                {done.receivedOn}。
              </p>
              <p>
                <RouterLink to={{ name: 'case', params: { caseId: done.caseId } }} data-testid="dr-case-link">
                  查看工单
                </RouterLink>
                （工单在几秒内生成；如提示未找到，请稍后刷新）
              </p>
            </ElAlert>
            <ElButton type="primary" onClick={again}>
              录入下一份申请
            </ElButton>
          </section>
        );
      }
      const citizen = d.applicantKind === 'citizen';
      const times = ARRIVAL_TIMES[d.arrivalWay];
      return (
        <section class="disclosure-entry" aria-labelledby="dr-title" onKeydown={onKeydown}>
          <h1 id="dr-title">{DISCLOSURE_CONSOLE_TEXT.entryTitle}</h1>
          <p class="hint">{DISCLOSURE_CONSOLE_TEXT.entryHint}</p>
          {directoryError.value && (
            <ElAlert type="error" showIcon closable={false} title={directoryError.value} />
          )}
          <ElForm labelPosition="top" aria-label={DISCLOSURE_CONSOLE_TEXT.entryTitle}>
            <fieldset>
              <legend>申请人</legend>
              <ElFormItem label="申请人类型" for={idOf('applicantKind')}>
                <ElRadioGroup id={idOf('applicantKind')} v-model={d.applicantKind} aria-label="申请人类型">
                  <ElRadio value="citizen">{APPLICANT_KIND_TEXT.natural_person}</ElRadio>
                  <ElRadio value="organisation">{ANNUAL_REPORT_TEXT.organisations}</ElRadio>
                </ElRadioGroup>
              </ElFormItem>
              <div class="entry-row">
                <ElFormItem {...item('name', citizen ? '姓名' : '单位名称', true)}>
                  {input('name', citizen ? 50 : 100, { autocomplete: 'off' })}
                </ElFormItem>
                {citizen ? (
                  <>
                    <ElFormItem {...item('documentKind', '身份证明', true)}>
                      <ElSelect id={idOf('documentKind')} v-model={d.documentKind}>
                        {IDENTITY_DOCUMENT_KINDS.map((k) => (
                          <ElOption key={k} value={k} label={IDENTITY_DOCUMENT_TEXT[k]} />
                        ))}
                      </ElSelect>
                    </ElFormItem>
                    <ElFormItem {...item('documentNumber', '证件号码', true)}>
                      {input('documentNumber', 32, { autocomplete: 'off' })}
                    </ElFormItem>
                  </>
                ) : (
                  <>
                    <ElFormItem {...item('creditCode', '统一社会信用代码', true)}>
                      {input('creditCode', 32, { autocomplete: 'off' })}
                    </ElFormItem>
                    <ElFormItem {...item('organisationKind', '单位类别', true)}>
                      <ElSelect
                        id={idOf('organisationKind')}
                        v-model={d.organisationKind}
                        placeholder="请选择"
                      >
                        {ORGANISATION_KINDS.map((k) => (
                          <ElOption key={k} value={k} label={APPLICANT_KIND_TEXT[k]} />
                        ))}
                      </ElSelect>
                    </ElFormItem>
                  </>
                )}
              </div>
              {!citizen && (
                <div class="entry-row">
                  <ElFormItem {...item('representativeRole', '代表人身份')}>
                    <ElRadioGroup
                      id={idOf('representativeRole')}
                      v-model={d.representativeRole}
                      aria-label="代表人身份"
                    >
                      <ElRadio value="legal_representative">
                        {REPRESENTATIVE_ROLE_TEXT.legal_representative}
                      </ElRadio>
                      <ElRadio value="contact_person">{REPRESENTATIVE_ROLE_TEXT.contact_person}</ElRadio>
                    </ElRadioGroup>
                  </ElFormItem>
                  <ElFormItem {...item('representativeName', '法定代表人或联系人姓名', true)}>
                    {input('representativeName', 50, { autocomplete: 'off' })}
                  </ElFormItem>
                </div>
              )}
              <div class="entry-row">
                <ElFormItem {...item('phone', '联系电话', true)}>
                  {input('phone', 32, { type: 'tel' })}
                </ElFormItem>
                <ElFormItem {...item('email', '电子邮箱')}>
                  {input('email', 200, { type: 'email' })}
                </ElFormItem>
              </div>
              <div class="entry-row">
                <ElFormItem {...item('address', '通信地址')}>{input('address', 200)}</ElFormItem>
                <ElFormItem {...item('postcode', '邮政编码')}>{input('postcode', 6)}</ElFormItem>
              </div>
            </fieldset>
            <fieldset>
              <legend>所需政府信息</legend>
              <ElFormItem {...item('description', '所需政府信息的描述', true)}>
                {input('description', 2000, {
                  type: 'textarea',
                  autosize: { minRows: 3, maxRows: 8 },
                  showWordLimit: true,
                })}
              </ElFormItem>
              <div class="entry-row">
                <ElFormItem {...item('title', '信息名称（选填）')}>{input('title', 200)}</ElFormItem>
                <ElFormItem {...item('documentNo', '文号（选填）')}>{input('documentNo', 100)}</ElFormItem>
              </div>
              <ElFormItem {...item('purpose', '用途（选填）')}>{input('purpose', 500)}</ElFormItem>
              <div class="entry-row">
                <ElFormItem {...item('medium', '信息形式')}>
                  <ElRadioGroup id={idOf('medium')} v-model={d.medium} aria-label="信息形式">
                    {(Object.keys(DELIVERIES_OF) as (keyof typeof DELIVERIES_OF)[]).map((m) => (
                      <ElRadio key={m} value={m}>
                        {INFORMATION_MEDIUM_TEXT[m]}
                      </ElRadio>
                    ))}
                  </ElRadioGroup>
                </ElFormItem>
                <ElFormItem {...item('delivery', '获取方式')}>
                  <ElRadioGroup id={idOf('delivery')} v-model={d.delivery} aria-label="获取方式">
                    {DELIVERIES_OF[d.medium].map((w) => (
                      <ElRadio key={w} value={w}>
                        {DELIVERY_WAY_TEXT[w]}
                      </ElRadio>
                    ))}
                  </ElRadioGroup>
                </ElFormItem>
              </div>
              <ElFormItem {...item('departmentId', '受理申请的行政机关', true)}>
                <ElSelect
                  id={idOf('departmentId')}
                  v-model={d.departmentId}
                  disabled={ownDepartment !== undefined}
                  filterable
                  defaultFirstOption
                  placeholder="选择或输入搜索"
                >
                  {(directory.value?.departments ?? []).map((dep) => (
                    <ElOption key={dep.id} value={dep.id} label={dep.name} />
                  ))}
                </ElSelect>
              </ElFormItem>
            </fieldset>
            <fieldset>
              <legend>收到申请（条例第三十一条）</legend>
              <ElFormItem {...item('arrivalWay', '提交方式')}>
                <ElRadioGroup id={idOf('arrivalWay')} v-model={d.arrivalWay} aria-label="提交方式">
                  {OFFICE_ARRIVAL_WAYS.map((w) => (
                    <ElRadio key={w} value={w}>
                      {ARRIVAL_WAY_TEXT[w]}
                    </ElRadio>
                  ))}
                </ElRadioGroup>
              </ElFormItem>
              <p class="hint">{DISCLOSURE_CONSOLE_TEXT.arrivalHint[d.arrivalWay]}</p>
              <div class="entry-row">
                {[...times.required, ...times.optional].map((f) => (
                  <ElFormItem key={f} {...item(f, TIME_LABELS[f] ?? f, times.required.includes(f))}>
                    {input(f, 19, { type: f === 'postmarkedOn' ? 'date' : 'datetime-local' })}
                  </ElFormItem>
                ))}
              </div>
            </fieldset>
            {failure.value && <ElAlert type="error" showIcon closable={false} title={failure.value} />}
            <div class="entry-actions">
              <ElButton
                type="primary"
                size="large"
                loading={sending.value}
                onClick={submit}
                aria-keyshortcuts="Control+Enter"
                data-testid="dr-submit"
              >
                提交申请
              </ElButton>
              <span class="shortcut-hint">
                <kbd>Ctrl</kbd>+<kbd>Enter</kbd> 提交 · <kbd>Tab</kbd> 下一项
              </span>
            </div>
          </ElForm>
        </section>
      );
    };
  },
});
