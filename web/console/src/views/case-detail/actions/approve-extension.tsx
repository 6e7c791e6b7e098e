import { ExtensionFacts } from './extension-facts';
import { noteAction } from './note-action';

/** 批准延期: the deadline moves to the requested one (the core checks the policy's limits again). */
export default noteAction({
  action: 'approve_extension',
  name: 'ApproveExtensionAction',
  title: '批准延期',
  submitText: '批准',
  noteLabel: '审批意见（选填）',
  intro: (kase) => <ExtensionFacts kase={kase} />,
  toAction: (note) => ({ action: 'approve_extension', ...(note ? { note } : {}) }),
});
