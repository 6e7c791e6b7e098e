import { noteAction } from './note-action';

/** 签收 the department accepts the order; a note is optional. */
export default noteAction({
  action: 'acknowledge',
  name: 'AcknowledgeAction',
  title: '签收工单',
  submitText: '确认签收',
  noteLabel: '备注（选填）',
  intro: () => <p>签收后开始办理，办理期限不变。</p>,
  toAction: (note) => ({ action: 'acknowledge', ...(note ? { note } : {}) }),
});
