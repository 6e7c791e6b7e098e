import { submitAppeal } from './api.js';
import {
  APPEAL_FIELDS,
  type AppealInput,
  appealBody,
  type FieldErrors,
  normalisePhone,
  validateAppeal,
} from './appeal-rules.js';
import { byId, el, hideSummary, setError, showSummary } from './dom.js';
import { newKey } from './keys.js';
import { serverRefusal } from './refusal.js';
import { prefillLookup } from './status-lookup.js';
import { TEXT } from './text.js';
import { AttachmentUploadError, listChosenFiles, type Uploads } from './uploads.js';
import type { PhoneVerification } from './verification.js';

// 提交诉求: checks the form, uploads the photos, sends the appeal once, shows the tracking number.

const input = (id: string) => byId(id, HTMLInputElement);
const select = (id: string) => byId(id, HTMLSelectElement);

function clearErrors(): void {
  for (const field of APPEAL_FIELDS) setError(field, '');
  hideSummary();
}

/** Each message beside its field, all of them in the summary, the first field focused. */
function showErrors(errors: FieldErrors, title: string): void {
  const entries = Object.entries(errors);
  for (const [field, message] of entries) setError(field, message);
  showSummary(
    title,
    entries.map(([, message]) => message ?? ''),
  );
  const first = entries[0] && document.getElementById(entries[0][0]);
  if (first) first.focus();
}

export class AppealForm {
  private readonly form = byId('appeal-form', HTMLFormElement);
  private readonly button = byId('submit-button', HTMLButtonElement);
  // One Idempotency-Key per submission: kept across retries of the same content (a double click or
  // a lost response makes one case), dropped as soon as the citizen edits the form.
  private pendingKey: string | null = null;
  private busy = false;
  // The category's usual type is suggested until the citizen picks a type themself.
  private typeTouched = false;

  constructor(
    private readonly verification: PhoneVerification,
    private readonly uploads: Uploads,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.form.addEventListener('input', (event) => {
      this.pendingKey = null;
      const target = event.target;
      if (!(target instanceof HTMLElement) || !target.id) return;
      setError(target.id, '');
      if (target.id === 'content')
        el('content-count').textContent = String(byId('content', HTMLTextAreaElement).value.trim().length);
    });
    select('type').addEventListener('change', () => {
      this.typeTouched = true;
    });
    select('category').addEventListener('change', () => {
      const suggested = select('category').selectedOptions[0]?.getAttribute('data-type');
      if (suggested && !this.typeTouched) select('type').value = suggested;
    });
    input('attachments').addEventListener('change', () => listChosenFiles(this.uploads.chosen()));
    byId('new-appeal', HTMLButtonElement).addEventListener('click', () => {
      el('result-section').hidden = true;
      el('submit-section').hidden = false;
      el('content-count').textContent = '0';
      el('file-list').textContent = '';
    });
  }

  /** The form has its choices: the browser tests (and a slow phone's citizen) may start. */
  ready(): void {
    this.form.setAttribute('data-ready', 'true');
  }

  private read(): AppealInput {
    return {
      type: select('type').value,
      category: select('category').value,
      district: select('district').value,
      address: input('address').value,
      content: byId('content', HTMLTextAreaElement).value,
      phone: input('phone').value,
      code: input('code').value,
      name: input('name').value,
      files: this.uploads.chosen(),
    };
  }

  private setBusy(on: boolean, label: string): void {
    this.busy = on;
    this.button.disabled = on;
    this.button.textContent = label;
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    clearErrors();
    const values = this.read();
    const code = this.verification.state();
    const errors = validateAppeal(values, code);
    if (Object.keys(errors).length) return showErrors(errors, TEXT.fixBeforeSubmit);
    this.pendingKey ??= newKey();
    const key = this.pendingKey;
    this.setBusy(true, values.files.length ? TEXT.uploading : TEXT.submitting);
    try {
      const attachments = await this.uploads.uploadAll();
      this.setBusy(true, TEXT.submitting);
      const answer = await submitAppeal(appealBody(values, code, attachments), key);
      if (answer.status === 202 && answer.body.trackingNo)
        return this.submitted(answer.body.trackingNo, values);
      if (answer.status === 429) return showSummary(TEXT.tooFrequent);
      const refused = serverRefusal(answer.body);
      // A photo's grant expired or was used: the next attempt uploads it again under a new one.
      if (answer.body.error?.code === 'invalid_attachment') this.uploads.forget();
      if (answer.status >= 500) return showSummary(refused.title + TEXT.retrySafe);
      if (Object.keys(refused.byField).length) showErrors(refused.byField, refused.title);
      else showSummary(refused.title);
    } catch (error) {
      if (error instanceof AttachmentUploadError)
        return showErrors({ attachments: error.message }, TEXT.uploadFailedTitle);
      showSummary(TEXT.networkSubmit);
    } finally {
      this.setBusy(false, TEXT.submit);
    }
  }

  private submitted(trackingNo: string, values: AppealInput): void {
    const last4 = normalisePhone(values.phone).slice(-4);
    this.verification.forget();
    this.pendingKey = null;
    this.uploads.forget();
    this.form.reset();
    this.typeTouched = false;
    el('submit-section').hidden = true;
    const result = el('result-section');
    result.hidden = false;
    el('tracking-no').textContent = trackingNo;
    prefillLookup(trackingNo, last4);
    result.focus();
  }
}
