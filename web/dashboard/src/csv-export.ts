// 导出 CSV: the API's export of the same range, fetched with the token (a plain link could not send
// it) and handed to the browser as a download.
import { fetchCsv, MetricsApiError } from './api.js';
import { el } from './dom.js';
import { exportChoice, readQuery } from './filters.js';
import { checkQuery } from './query.js';
import { currentToken, signOut } from './session.js';
import { isBusy, setBusy, showMessage } from './status.js';

/** Long enough for the browser to start the download, then the blob is let go. */
const REVOKE_AFTER_MS = 30_000;

export async function exportCsv(): Promise<void> {
  const token = currentToken();
  if (isBusy() || !token) return;
  const q = readQuery();
  const problem = checkQuery(q);
  if (problem) {
    showMessage(problem);
    return;
  }
  const { groupBy, name } = exportChoice();
  setBusy(true);
  try {
    const file = await fetchCsv(token, q, groupBy, `12345-指标-${name}-${q.from}-${q.to}.csv`);
    const url = URL.createObjectURL(file.blob);
    const a = el('a', { href: url, download: file.name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
    showMessage('');
  } catch (error) {
    if (error instanceof MetricsApiError && error.status === 401) signOut(error.message);
    else showMessage(error instanceof MetricsApiError ? error.message : '导出失败，请稍后重试');
  } finally {
    setBusy(false);
  }
}
