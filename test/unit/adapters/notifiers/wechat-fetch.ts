import { vi } from 'vitest';

// WeChat's server API, scripted: unit tests answer each call from a list and see what was sent
// (no network).

export interface SeenCall {
  path: string;
  accessToken: string | null;
  body: Record<string, unknown>;
}

export interface ScriptedWechat {
  seen: SeenCall[];
  /** Raw JSON bodies the message endpoints answer next, in order; then `{"errcode":0,…}`. */
  answers: string[];
  tokens: number;
}

/** Replaces fetch for the test; restore with vi.restoreAllMocks(). */
export function scriptWechat(): ScriptedWechat {
  const state: ScriptedWechat = { seen: [], answers: [], tokens: 0 };
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input));
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    state.seen.push({ path: url.pathname, accessToken: url.searchParams.get('access_token'), body });
    if (url.pathname === '/cgi-bin/stable_token') {
      state.tokens++;
      return new Response(JSON.stringify({ access_token: `token-${state.tokens}`, expires_in: 7200 }));
    }
    const next =
      state.answers.shift() ??
      (url.pathname.endsWith('template/send')
        ? '{"errcode":0,"errmsg":"ok","msgid":200163836}'
        : '{"errcode":0,"errmsg":"ok"}');
    return new Response(next);
  });
  return state;
}
