import { noteAction } from './note-action';
import { REMIND_TARGET_TEXT, remindTarget } from './remind-target';

/**
 * 催办 (督办): a supervisor urges the department on an unfinished case, at any time; the note says
 * what is expected and stays in the history the department reads.
 */
export default noteAction({
  action: 'remind',
  name: 'RemindAction',
  title: '催办',
  submitText: '确认催办',
  noteLabel: '催办要求（承办单位可见）',
  required: '请填写催办要求',
  intro: (kase) => (
    <p>{REMIND_TARGET_TEXT[remindTarget(kase.status)]}；催办要求写入办理记录，承办单位可见。</p>
  ),
  toAction: (note, kase) => ({ action: 'remind', target: remindTarget(kase.status), note: note ?? '' }),
});
