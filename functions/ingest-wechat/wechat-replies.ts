import { mergedNote } from '../../shared/adapters/citizen-case.js';
import { type Case, STATUS_TEXT } from '../../shared/domain/index.js';

// What the citizen reads in the chat. Short: a passive reply is one chat bubble.

export function acceptedReply(trackingNo: string): string {
  return `您的诉求已受理，工单号 ${trackingNo}，可回复"查询 ${trackingNo}"查看进度`;
}

/**
 * Past the sender's limit (too many appeals in a short while or a day): nothing was queued. The
 * earlier appeals stand, and 查询 still works.
 */
export const SENDER_LIMITED_REPLY =
  '您的留言较多，我们已收到前面的诉求，请稍后再提交新的诉求。查询办理进度请回复"查询 工单号"；' +
  '紧急情况请拨打 110、119、120。';

export const WELCOME_REPLY =
  '欢迎关注江城 12345 政务服务便民热线！直接发送文字、图片、语音或位置即可反映诉求，' +
  '我们受理后会回复工单号；回复"查询 工单号"可查看办理进度。紧急情况请拨打 110、119、120。';

export const HINT_REPLY =
  '您好！请用一段话（至少 5 个字）描述您的诉求，例如"鼓楼区东街 12 号停水两天"；' +
  '查询办理进度请回复"查询 工单号"。';

/**
 * A text asking for 政府信息公开: the request needs the applicant's identity (《政府信息公开条例》
 * 第二十九条), so it is made on the web form, never in the chat; nothing was recorded.
 */
export function disclosureReply(formUrl: string | undefined): string {
  return (
    '申请政府信息公开须写明申请人姓名、身份证件号码和联系方式（《政府信息公开条例》第二十九条），' +
    `为保护您的个人信息，请勿在微信中发送证件号码。请通过“政府信息公开申请”表单提交${formUrl ? `：${formUrl}` : '（江城 12345 网站首页）'}，` +
    '提交成功即视为收到申请，并获得工单号。本条消息未登记为申请。'
  );
}

/** The same text whether the case does not exist or is someone else's: a query reveals nothing. */
export function notFoundReply(input: string): string {
  return `未找到工单 ${input.slice(0, 20)}。请核对工单号；只能查询本微信号提交的诉求。`;
}

export const MALFORMED_QUERY_REPLY = '工单号格式有误，应类似 261122-K7M3-9XQ2。请回复"查询 工单号"。';

/** Shanghai has no daylight saving time, so a fixed offset gives its wall clock. */
function shanghaiDateTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** The case as its citizen may see it: status, department and deadline, and the reply once done. */
export function statusReply(kase: Case, departmentName: string | undefined): string {
  const lines = [
    `工单 ${kase.trackingNo}`,
    `状态：${STATUS_TEXT[kase.status]}`,
    `承办单位：${departmentName ?? '待分派'}`,
    `办理时限：${shanghaiDateTime(kase.dueAt)}`,
  ];
  if (kase.reply) lines.push(`办理结果：${[...kase.reply].slice(0, 300).join('')}`);
  return lines.join('\n');
}

/** A merged case (并单): its own number, status and the note; nothing of the case it joined. */
export function mergedReply(own: Pick<Case, 'trackingNo' | 'status'>): string {
  return [`工单 ${own.trackingNo}`, `状态：${STATUS_TEXT[own.status]}`, mergedNote(own)].join('\n');
}
