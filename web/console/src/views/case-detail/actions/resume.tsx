import { noteAction } from './note-action';

/** 恢复计时: the clock runs again and the deadline moves by the paused working days (or hours). */
export default noteAction({
  action: 'resume',
  name: 'ResumeAction',
  title: '恢复计时',
  submitText: '确认恢复计时',
  noteLabel: '说明（选填）',
  intro: () => <p>恢复后办理期限按中止的时间顺延。</p>,
  toAction: (note) => ({ action: 'resume', ...(note ? { note } : {}) }),
});
