import { requestVerification } from './api.js';
import { type CodeState, isMobile, normalisePhone } from './appeal-rules.js';
import { byId, el, setError } from './dom.js';
import { TEXT } from './text.js';

// 短信验证码: offered only where the directory says the deployment sends SMS, insisted on only where it
// says the code is required; where optional the form goes without one (the phone stays unverified).

/** The wait before another code may be asked for, as the server counts it per number. */
const RESEND_SECONDS = 60;
/** A Retry-After longer than this is not a wait anyone sits through on a button. */
const LONGEST_WAIT_SECONDS = 600;

export class PhoneVerification {
  private on = false;
  private required = false;
  private verificationId: string | null = null;
  private countdown: number | undefined;

  /** Shows the code field as the directory says (GET /v1/directory's phoneVerification flags). */
  configure(directory: { phoneVerification?: boolean; phoneVerificationRequired?: boolean }): void {
    if (directory.phoneVerification !== true) return;
    this.on = true;
    this.required = directory.phoneVerificationRequired === true;
    el('code-field').hidden = false;
    byId('code', HTMLInputElement).required = this.required;
    el('code-req').hidden = !this.required;
    el('code-opt').hidden = this.required;
    if (!this.required) el('code-hint').textContent = TEXT.codeOptionalHint;
    byId('code-button', HTMLButtonElement).addEventListener('click', () => void this.requestCode());
    // A code is for the number it was sent to: another number needs its own.
    byId('phone', HTMLInputElement).addEventListener('change', () => this.forget());
  }

  state(): CodeState {
    return { on: this.on, required: this.required, verificationId: this.verificationId };
  }

  /** The code was used (the appeal went through) or its number changed. */
  forget(): void {
    this.verificationId = null;
  }

  private async requestCode(): Promise<void> {
    const phoneInput = byId('phone', HTMLInputElement);
    const button = byId('code-button', HTMLButtonElement);
    const phone = normalisePhone(phoneInput.value);
    setError('phone', '');
    setError('code', '');
    if (!isMobile(phone)) {
      setError('phone', TEXT.phoneInvalid);
      phoneInput.focus();
      return;
    }
    button.disabled = true;
    try {
      const answer = await requestVerification(phone);
      const { verificationId, expiresInSeconds } = answer.body;
      if (answer.status === 202 && verificationId) {
        this.verificationId = verificationId;
        const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
        el('code-hint').textContent = TEXT.codeSent(masked, Math.round((expiresInSeconds ?? 300) / 60));
        this.startCountdown(RESEND_SECONDS);
        byId('code', HTMLInputElement).focus();
        return;
      }
      const message = answer.body.error?.message || TEXT.codeFailed;
      setError(answer.body.error?.code === 'invalid_phone' ? 'phone' : 'code', message);
      // The button waits out the Retry-After the server gave for this number.
      const wait = Number(answer.headers.get('retry-after'));
      if (answer.status === 429 && wait > 0 && wait <= LONGEST_WAIT_SECONDS)
        this.startCountdown(Math.ceil(wait));
      else button.disabled = false;
    } catch {
      setError('code', TEXT.network);
      button.disabled = false;
    }
  }

  private startCountdown(seconds: number): void {
    const button = byId('code-button', HTMLButtonElement);
    let left = seconds;
    window.clearInterval(this.countdown);
    button.disabled = true;
    button.textContent = TEXT.codeCountdown(left);
    this.countdown = window.setInterval(() => {
      left -= 1;
      if (left > 0) {
        button.textContent = TEXT.codeCountdown(left);
        return;
      }
      window.clearInterval(this.countdown);
      this.countdown = undefined;
      button.disabled = false;
      button.textContent = TEXT.codeButton;
    }, 1000);
  }
}
