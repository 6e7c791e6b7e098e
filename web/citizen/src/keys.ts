/** A fresh Idempotency-Key: a UUID where the browser has one, else 16 random bytes in hex. */
export function newKey(): string {
  if (typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  // randomUUID exists only in a secure context; a plain-HTTP test deployment still gets a random key.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
