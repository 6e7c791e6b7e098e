import { ExtensionFacts } from './extension-facts';
import { noteAction } from './note-action';

/** 驳回延期: the deadline stays; the department reads the supervisor's reason in the history. */
export default noteAction({
  action: 'reject_extension',
  name: 'RejectExtensionAction',
  title: '驳回延期',
  submitText: '驳回',
  danger: true,
  noteLabel: '驳回理由（承办单位可见）',
  required: '请填写驳回理由',
  intro: (kase) => <ExtensionFacts kase={kase} />,
  toAction: (note) => ({ action: 'reject_extension', note: note ?? '' }),
});
