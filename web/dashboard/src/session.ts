// Signed in or not: the sign-in form, the 当前用户 line and 退出. The token itself is in token.ts.
import { byId } from './dom.js';
import { claimsOf, cleanToken, forgetToken, keepToken, tokenProblem, whoText } from './token.js';

let token: string | null = null;

/** The token of the signed-in analyst, null when signed out. */
export function currentToken(): string | null {
  return token;
}

function showSigninError(message: string): void {
  const box = byId('signin-error');
  box.textContent = message;
  box.hidden = !message;
}

/** Back to the sign-in form, with why (a 401 says the token no longer works), the token forgotten. */
export function signOut(message = ''): void {
  forgetToken();
  token = null;
  byId('board').hidden = true;
  byId('session').hidden = true;
  byId('signin').hidden = false;
  showSigninError(message);
}

/** Signs in with a pasted (or kept) token and calls `then`; a broken or expired one is refused here. */
export function signIn(candidate: string, then: () => void): void {
  const value = cleanToken(candidate);
  const problem = tokenProblem(value);
  const claims = problem ? null : claimsOf(value);
  if (!claims) {
    showSigninError(problem);
    return;
  }
  keepToken(value);
  token = value;
  showSigninError('');
  byId('signin').hidden = true;
  byId('board').hidden = false;
  byId('session').hidden = false;
  byId('who').textContent = whoText(claims);
  then();
}

export function onSession(then: () => void): void {
  byId('signout').addEventListener('click', () => signOut(''));
  byId<HTMLFormElement>('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const field = byId<HTMLTextAreaElement>('token');
    signIn(field.value, then);
    field.value = '';
  });
}
