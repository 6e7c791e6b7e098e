// The page's own small DOM helpers: its markup lives in index.html, its text comes from the glossary.

/**
 * The element of the page with this id; a missing one is a bug of index.html, said at once.
 *
 * @example
 * byId<HTMLSelectElement>('department').value
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`dashboard markup has no #${id}`);
  return node as T;
}

/**
 * A new element with attributes and text. Text goes in as textContent, never as markup, and no
 * attribute is `style`: the CSP refuses inline styles.
 *
 * @example
 * el('td', { 'data-count': 'appeals' }, '12')
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}
