import { STAFF_ROLES, type StaffRole } from '../../shared/domain/staff-roles.js';

// A staff account as `npm run setup -- user` makes it: the user pool's own attributes (email) and the
// custom ones the console's ID tokens carry (custom:role, custom:departmentId, custom:agentId), read
// by shared/http/staff-claims.ts. The pool has no groups: the role is the attribute.

export interface StaffUser {
  readonly username: string;
  readonly email: string;
  readonly role: StaffRole;
  readonly departmentId?: string;
  readonly agentId?: string;
}

/**
 * The command line's values as a staff user, or the reason (English, as the usage) they are refused:
 * a role the API does not know, a department user without a department, an address that is not one.
 */
export function staffUserOf(values: {
  username?: string;
  email?: string;
  role?: string;
  department?: string;
  agent?: string;
}): StaffUser | string {
  const { username, email, role, department, agent } = values;
  if (!username || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(username)) {
    return '--username is required: 1-128 characters, no spaces';
  }
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return '--email must be an email address';
  if (!role || !(STAFF_ROLES as readonly string[]).includes(role)) {
    return `--role must be one of ${STAFF_ROLES.join(', ')}`;
  }
  if (role === 'department' && !department) return '--role department needs --department <id>';
  if (department !== undefined && (department.length < 1 || department.length > 64)) {
    return '--department takes an id of 1-64 characters';
  }
  if (agent !== undefined && (agent.length < 1 || agent.length > 32)) {
    return '--agent takes the CTI agent id (工号), 1-32 characters';
  }
  return {
    username,
    email,
    role: role as StaffRole,
    ...(department ? { departmentId: department } : {}),
    ...(agent ? { agentId: agent } : {}),
  };
}

/** The Cognito attributes of the user: email (verified: the pool recovers accounts by email) and the custom ones. */
export function cognitoAttributes(user: StaffUser): { Name: string; Value: string }[] {
  return [
    { Name: 'email', Value: user.email },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'custom:role', Value: user.role },
    ...(user.departmentId ? [{ Name: 'custom:departmentId', Value: user.departmentId }] : []),
    ...(user.agentId ? [{ Name: 'custom:agentId', Value: user.agentId }] : []),
  ];
}

/**
 * The AWS CLI's `cognito-idp admin-create-user` arguments (an argument list, no shell): Cognito
 * emails the temporary password, which the user replaces at the first sign-in, then enrols TOTP.
 */
export function adminCreateUserArgs(userPoolId: string, user: StaffUser): string[] {
  return [
    'cognito-idp',
    'admin-create-user',
    '--user-pool-id',
    userPoolId,
    '--username',
    user.username,
    '--user-attributes',
    JSON.stringify(cognitoAttributes(user)),
    '--desired-delivery-mediums',
    'EMAIL',
    '--output',
    'json',
  ];
}

/** The local stack's equivalent: a dev token with the same claims (its sign-in page has no accounts). */
export function devTokenCommand(user: StaffUser): string {
  return [
    'npm run -s token --',
    `--role ${user.role}`,
    ...(user.departmentId ? [`--department ${shellWord(user.departmentId)}`] : []),
    ...(user.agentId ? [`--agent ${shellWord(user.agentId)}`] : []),
    `--sub ${shellWord(user.username)}`,
  ].join(' ');
}

/** A word a reader can paste into bash as it is printed. */
function shellWord(word: string): string {
  return /^[\w.@%+=:,/-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
