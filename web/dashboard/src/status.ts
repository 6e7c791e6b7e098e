// The page's state as the analyst (and the browser tests) see it: the message box, and whether a
// call is under way (buttons off, `aria-busy`).
import { byId } from './dom.js';

let busy = false;

export function isBusy(): boolean {
  return busy;
}

export function setBusy(on: boolean): void {
  busy = on;
  byId('board').setAttribute('aria-busy', on ? 'true' : 'false');
  byId<HTMLButtonElement>('apply').disabled = on;
  byId<HTMLButtonElement>('export').disabled = on;
}

/** The alert under the filters; '' hides it. */
export function showMessage(text: string): void {
  const box = byId('message');
  box.textContent = text;
  box.hidden = !text;
}
