import {
  ACTION_TEXT,
  CHANNEL_TEXT,
  LEGAL_HOLD_TEXT,
  PAUSE_REASON_TEXT,
  RATING_TEXT,
  RETURN_REASON_TEXT,
  ROLE_TEXT,
} from '../../../../shared/domain/labels';
import { formatBeijing } from './countdown';

// 办理记录 in people's words: the history stores codes (actions, reasons, instants, actors) so the
// dossier can be verified byte for byte; the console names them with the one glossary.

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const CODES: Readonly<Record<string, string>> = {
  ...RETURN_REASON_TEXT,
  ...PAUSE_REASON_TEXT,
  ...RATING_TEXT,
  // 法律保全: a legal_hold note starts with the state it set (`on: <reason>` / `off: <reason>`).
  ...LEGAL_HOLD_TEXT,
  // 催办 targets, and the system's notes for a case no rule routed and a pause's limit.
  acknowledge: '催签收',
  complete: '催办结',
  'no routing rule matched': '未匹配派单规则',
  'resolved at intake': '受理时直接办结',
  pause_limit_reached: '中止计时已达上限',
};

/** The step's name: ACTION_TEXT, or the code itself for an action newer than this console. */
export function actionText(action: string): string {
  return (ACTION_TEXT as Readonly<Record<string, string>>)[action] ?? action;
}

/**
 * A history note with its codes named and its instants in Beijing time. Notes join their parts
 * with ": " (transitions.ts `joinNote`); a free-text part is shown as written.
 *
 * @example
 * noteText('wrong_district: water: 属台江区') // '属地不符：water：属台江区'
 * noteText('water', (id) => names.get(id) ?? id) // '江城水务集团': a dispatch names its department
 */
export function noteText(
  note: string | undefined,
  departmentName: (id: string) => string = (id) => id,
): string {
  if (!note) return '';
  return note
    .split(': ')
    .map((part) => (ISO_INSTANT.test(part) ? formatBeijing(part) : (CODES[part] ?? departmentName(part))))
    .join('：');
}

/**
 * Who acted: `department:u1@water` → 承办人 u1（water）; `system` → 系统; `channel:webform` → 网上表单.
 */
export function actorText(actor: string, departmentName: (id: string) => string = (id) => id): string {
  if (actor === 'system' || actor.startsWith('system:')) return '系统';
  if (actor.startsWith('channel:')) {
    const channel = actor.slice('channel:'.length);
    return (CHANNEL_TEXT as Readonly<Record<string, string>>)[channel] ?? actor;
  }
  if (actor === 'citizen' || actor.startsWith('citizen:')) return '市民';
  const match = /^([a-z]+):([^@]*)(?:@(.+))?$/.exec(actor);
  if (!match) return actor;
  const [, role = '', id = '', department] = match;
  const roleText = (ROLE_TEXT as Readonly<Record<string, string>>)[role] ?? role;
  return department ? `${roleText} ${id}（${departmentName(department)}）` : `${roleText} ${id}`;
}
