import type { DownloadedFile } from '../api/http';

/**
 * Hands a downloaded file to the browser as a download: an object URL on a link clicked once, then
 * revoked (after the click has been taken, so the download does not lose its source).
 *
 * @example
 * saveFile(await replyLetter(caseId), '答复书.pdf');
 */
export function saveFile(file: DownloadedFile, fallbackName: string): string {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename ?? fallbackName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return url;
}
