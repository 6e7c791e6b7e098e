import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { clearCache, useTokenSource } from '../api/http';
import {
  beginSignIn,
  type ConsoleConfig,
  completeSignIn,
  loadConsoleConfig,
  refreshTokens,
  type StaffUser,
  signOutUrl,
  type TokenSet,
  userOf,
} from '../auth/oidc';

/** Refresh this long before the ID token expires, so a request never leaves with a stale one. */
const REFRESH_AHEAD_MS = 60_000;

/**
 * Who is signed in. Tokens live here, in memory only: a reload or a new tab signs in again through
 * the issuer (whose own session makes that a redirect, not a password).
 */
export const useSession = defineStore('session', () => {
  const config = shallowRef<ConsoleConfig>();
  const tokens = shallowRef<TokenSet>();
  const user = shallowRef<StaffUser>();
  let refreshing: Promise<boolean> | undefined;

  const signedIn = computed(() => user.value !== undefined);

  async function ensureConfig(): Promise<ConsoleConfig> {
    config.value ??= await loadConsoleConfig();
    return config.value;
  }

  function accept(set: TokenSet): void {
    tokens.value = set;
    user.value = userOf(set.idToken);
  }

  async function signIn(returnTo: string): Promise<void> {
    await beginSignIn(await ensureConfig(), returnTo);
  }

  /** On /console/callback: the code becomes tokens; answers where the user was going. */
  async function finishSignIn(callback: URL): Promise<string> {
    const { tokens: set, returnTo } = await completeSignIn(await ensureConfig(), callback);
    accept(set);
    return returnTo;
  }

  /** One refresh at a time; false when there is no refresh token or the issuer refuses it. */
  function refresh(): Promise<boolean> {
    const refreshToken = tokens.value?.refreshToken;
    if (!refreshToken || !config.value) return Promise.resolve(false);
    refreshing ??= refreshTokens(config.value, refreshToken)
      .then((set) => {
        accept({ ...set, refreshToken: set.refreshToken ?? refreshToken });
        return true;
      })
      .catch(() => false)
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  }

  async function bearer(): Promise<string | undefined> {
    if (tokens.value && tokens.value.expiresAt - Date.now() < REFRESH_AHEAD_MS) await refresh();
    return tokens.value?.idToken;
  }

  /** Forgets everything here, then ends the issuer's session too where it has an endpoint. */
  function signOut(): void {
    const idToken = tokens.value?.idToken;
    tokens.value = undefined;
    user.value = undefined;
    clearCache();
    const url = config.value && idToken ? signOutUrl(config.value, idToken) : undefined;
    window.location.assign(url ?? '/console/');
  }

  useTokenSource({
    bearer,
    unauthorized: async () => {
      if (await refresh()) return true;
      // The session is gone: sign in again and come back here.
      await signIn(window.location.pathname + window.location.search);
      return false;
    },
  });

  /** The ID token for a page of this origin that reads it from its URL fragment (the dashboard). */
  function tokenForPage(): string | undefined {
    return tokens.value?.idToken;
  }

  return {
    config,
    user,
    signedIn,
    ensureConfig,
    signIn,
    finishSignIn,
    refresh,
    bearer,
    signOut,
    tokenForPage,
  };
});
