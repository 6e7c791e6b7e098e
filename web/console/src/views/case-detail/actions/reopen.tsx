import { FeedbackFacts } from './feedback-facts';
import { noteAction } from './note-action';

/** 重办: the case goes back to its department, which acknowledges and handles it again. */
export default noteAction({
  action: 'reopen',
  name: 'ReopenAction',
  title: '重办',
  submitText: '确认重办',
  noteLabel: '重办要求（承办单位可见）',
  required: '请填写重办要求',
  intro: (kase) => <FeedbackFacts kase={kase} />,
  toAction: (note) => ({ action: 'reopen', note: note ?? '' }),
});
