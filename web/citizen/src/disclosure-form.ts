import {
  APPLICANT_KIND_TEXT,
  DELIVERY_WAY_TEXT,
  IDENTITY_DOCUMENT_TEXT,
  INFORMATION_MEDIUM_TEXT,
  REPRESENTATIVE_ROLE_TEXT,
} from '../../../shared/domain/labels.js';
import { requestVerification, submitDisclosure } from './api.js';
import {
  DELIVERIES_OF,
  DISCLOSURE_FIELDS,
  type DisclosureErrors,
  type DisclosureInput,
  disclosureBody,
  FIELD_OF_CODE,
  problemsByField,
  validateDisclosure,
} from './disclosure-rules.js';
import { addOption, byId, el, setError } from './dom.js';
import { newKey } from './keys.js';
import { TEXT } from './text.js';

// 政府信息公开申请: the form under #disclosure (the link WeChat's reply gives). Checks the request
// as the server will (the identity number's check character included), sends it once per content,
// shows each refusal beside its field and the tracking number on success.

type FieldElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const field = (id: string): FieldElement => {
  const element = document.getElementById(id);
  if (
    !(
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement
    )
  ) {
    throw new Error(`#${id} is missing or not a form field`);
  }
  return element;
};

function fillOptions(
  id: string,
  labels: Readonly<Record<string, string>>,
  skip: readonly string[] = [],
): void {
  const select = byId(id, HTMLSelectElement);
  for (const [value, text] of Object.entries(labels))
    if (!skip.includes(value)) addOption(select, value, text);
}

/** The summary box of this form: a title and the messages, focused for a screen reader. */
function showSummary(title: string, messages: readonly string[]): void {
  const summary = el('dr-summary');
  summary.textContent = '';
  const strong = document.createElement('strong');
  strong.textContent = title;
  summary.appendChild(strong);
  if (messages.length) {
    const list = document.createElement('ul');
    for (const message of messages) {
      const item = document.createElement('li');
      item.textContent = message;
      list.appendChild(item);
    }
    summary.appendChild(list);
  }
  summary.hidden = false;
  summary.focus();
}

export class DisclosureForm {
  private readonly form = byId('disclosure-form', HTMLFormElement);
  private readonly button = byId('dr-submit', HTMLButtonElement);
  // One Idempotency-Key per content: a double click or a lost answer makes one request, an edit a new one.
  private pendingKey: string | null = null;
  private busy = false;
  // 短信验证码 for the applicant's phone, where the directory says the deployment sends SMS.
  private code = { on: false, required: false, verificationId: null as string | null };

  constructor() {
    fillOptions('dr-doc-kind', IDENTITY_DOCUMENT_TEXT);
    // The organisation columns of the annual report (自然人 is the citizen's).
    fillOptions('dr-org-kind', APPLICANT_KIND_TEXT, ['natural_person']);
    fillOptions('dr-rep-role', REPRESENTATIVE_ROLE_TEXT);
    fillOptions('dr-medium', INFORMATION_MEDIUM_TEXT);
    this.fillDeliveries();
    field('dr-medium').addEventListener('change', () => this.fillDeliveries());
    for (const id of ['dr-kind-citizen', 'dr-kind-organisation']) {
      byId(id, HTMLInputElement).addEventListener('change', () => this.showApplicantFields());
    }
    this.form.addEventListener('input', () => {
      this.pendingKey = null;
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  /** The bodies a request may be addressed to (GET /v1/directory's departments), and the SMS code. */
  ready(directory: {
    departments?: readonly { id: string; name: string }[];
    phoneVerification?: boolean;
    phoneVerificationRequired?: boolean;
  }): void {
    const select = byId('dr-department', HTMLSelectElement);
    for (const d of directory.departments ?? []) addOption(select, d.id, d.name);
    if (directory.phoneVerification === true) {
      this.code.on = true;
      this.code.required = directory.phoneVerificationRequired === true;
      el('dr-code-field').hidden = false;
      el('dr-code-req').hidden = !this.code.required;
      el('dr-code-opt').hidden = this.code.required;
      byId('dr-code-button', HTMLButtonElement).addEventListener('click', () => void this.requestCode());
      // A code is for the number it was sent to.
      field('dr-phone').addEventListener('change', () => {
        this.code.verificationId = null;
      });
    }
    // For the browser tests, as the appeal form does: the choices are there.
    this.form.setAttribute('data-ready', 'true');
  }

  /** Only the ways that fit the chosen form (纸质: 邮寄 or 自行领取 …), all of them before one is chosen. */
  private fillDeliveries(): void {
    const select = byId('dr-delivery', HTMLSelectElement);
    const chosen = select.value;
    const fits = DELIVERIES_OF[field('dr-medium').value];
    select.length = 1;
    for (const [value, text] of Object.entries(DELIVERY_WAY_TEXT)) {
      if (!fits || fits.includes(value)) addOption(select, value, text);
    }
    select.value = fits?.length === 1 ? (fits[0] as string) : fits?.includes(chosen) ? chosen : '';
  }

  private async requestCode(): Promise<void> {
    const phone = field('dr-phone')
      .value.replace(/[\s()-]/g, '')
      .replace(/^(\+86|0086)/, '');
    const button = byId('dr-code-button', HTMLButtonElement);
    setError('dr-phone', '');
    setError('dr-code', '');
    if (!/^1[3-9]\d{9}$/.test(phone)) {
      setError('dr-phone', TEXT.phoneInvalid);
      field('dr-phone').focus();
      return;
    }
    button.disabled = true;
    try {
      const answer = await requestVerification(phone);
      if (answer.status === 202 && answer.body.verificationId) {
        this.code.verificationId = answer.body.verificationId;
        el('dr-code-hint').textContent = TEXT.codeSent(
          `${phone.slice(0, 3)}****${phone.slice(-4)}`,
          Math.round((answer.body.expiresInSeconds ?? 300) / 60),
        );
        field('dr-code').focus();
        // The server allows another code for the number after a minute.
        window.setTimeout(() => {
          button.disabled = false;
        }, 60_000);
        return;
      }
      setError('dr-code', answer.body.error?.message || TEXT.codeFailed);
      button.disabled = false;
    } catch {
      setError('dr-code', TEXT.network);
      button.disabled = false;
    }
  }

  private kind(): DisclosureInput['dr-kind'] {
    if (byId('dr-kind-citizen', HTMLInputElement).checked) return 'citizen';
    if (byId('dr-kind-organisation', HTMLInputElement).checked) return 'organisation';
    return '';
  }

  private showApplicantFields(): void {
    const kind = this.kind();
    el('dr-citizen-fields').hidden = kind !== 'citizen';
    el('dr-org-fields').hidden = kind !== 'organisation';
  }

  private input(): DisclosureInput {
    const values = Object.fromEntries(
      DISCLOSURE_FIELDS.filter((f) => f !== 'dr-kind').map((f) => [f, field(f).value]),
    );
    return { ...values, 'dr-kind': this.kind() } as DisclosureInput;
  }

  private clearErrors(): void {
    for (const f of DISCLOSURE_FIELDS) setError(f, '');
    el('dr-summary').hidden = true;
  }

  /** Each message beside its field, all of them in the summary, the first field focused. */
  private showErrors(errors: DisclosureErrors, title: string, others: readonly string[] = []): void {
    const entries = Object.entries(errors);
    for (const [f, message] of entries) setError(f, message);
    showSummary(title, [...entries.map(([, message]) => message ?? ''), ...others]);
    const first = entries[0]?.[0];
    if (first === 'dr-kind') byId('dr-kind-citizen', HTMLInputElement).focus();
    else if (first) document.getElementById(first)?.focus();
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    this.clearErrors();
    const input = this.input();
    const errors = validateDisclosure(input, this.code);
    if (Object.keys(errors).length > 0) {
      this.showErrors(errors, TEXT.fixBeforeSubmit);
      return;
    }
    this.busy = true;
    this.button.disabled = true;
    this.button.textContent = TEXT.submitting;
    this.pendingKey ??= newKey();
    try {
      const verification = this.code.verificationId
        ? { verificationId: this.code.verificationId }
        : undefined;
      const answer = await submitDisclosure(disclosureBody(input, verification), this.pendingKey);
      if (answer.status === 202 && answer.body.trackingNo) {
        this.pendingKey = null;
        this.code.verificationId = null;
        this.form.reset();
        this.showApplicantFields();
        this.fillDeliveries();
        el('dr-tracking-no').textContent = answer.body.trackingNo;
        el('dr-received-on').textContent = answer.body.receivedOn ?? '';
        const result = el('dr-result');
        result.hidden = false;
        result.focus();
        return;
      }
      const error = answer.body.error;
      const problems = error?.problems ?? error?.details ?? [];
      const byField = problemsByField(problems, input['dr-kind']);
      const codeField = error?.code ? FIELD_OF_CODE[error.code] : undefined;
      if (codeField && error?.message) byField[codeField] = error.message;
      const placed = new Set(Object.values(byField));
      const others = problems.map((p) => p.message).filter((m) => !placed.has(m));
      this.showErrors(byField, error?.message || TEXT.submitFailed, others);
    } catch {
      showSummary(TEXT.networkSubmit, []);
    } finally {
      this.busy = false;
      this.button.disabled = false;
      this.button.textContent = '提交申请';
    }
  }
}
