import { FeedbackFacts } from './feedback-facts';
import { noteAction } from './note-action';

/** 强制归档: a supervisor ends the case whatever its state, with a reason the dossier keeps. */
export default noteAction({
  action: 'close',
  name: 'CloseAction',
  title: '强制归档',
  submitText: '确认归档',
  danger: true,
  noteLabel: '归档理由',
  required: '请填写归档理由',
  intro: (kase) => (
    <>
      <p>归档后工单结束，不能再办理；归档理由写入办理记录并随案卷存档。</p>
      {kase.feedback && <FeedbackFacts kase={kase} />}
    </>
  ),
  toAction: (note) => ({ action: 'close', note: note ?? '' }),
});
