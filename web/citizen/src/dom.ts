// The few DOM helpers every part of the page uses: typed look-ups of the markup's ids
// (web/citizen/index.html), field errors, the summary box.

/**
 * The element with this id, of this kind; a missing or different element is a bug of the markup,
 * said at once rather than as a later `null` error.
 *
 * @example byId('phone', HTMLInputElement).value
 */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`#${id} is missing or not a ${kind.name}`);
  return element;
}

/** Any element with this id (sections, paragraphs, lists). */
export function el(id: string): HTMLElement {
  return byId(id, HTMLElement);
}

/** A message beside a field (`err-<name>`), or none; the field is marked invalid for screen readers. */
export function setError(name: string, message: string | undefined): void {
  const error = document.getElementById(`err-${name}`);
  const input = document.getElementById(name);
  if (error) error.textContent = message ?? '';
  if (input) {
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

/** The box above the form: a title and the messages, focused so a screen reader reads it. */
export function showSummary(title: string, messages: readonly string[] = []): void {
  const summary = el('form-summary');
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

export function hideSummary(): void {
  const summary = el('form-summary');
  summary.hidden = true;
  summary.textContent = '';
}

export function addOption(select: HTMLSelectElement, value: string, text: string): HTMLOptionElement {
  const option = document.createElement('option');
  option.value = value;
  option.textContent = text;
  select.appendChild(option);
  return option;
}
