import { CorrectionFacts } from './correction-facts';
import { noteAction } from './note-action';

/**
 * 未补正归档: the citizen's time to answer the 补正 passed without an answer; a supervisor closes
 * the case (no SLA outcome is decided: nothing was completed).
 */
export default noteAction({
  action: 'close_uncorrected',
  name: 'CloseUncorrectedAction',
  title: '未补正归档',
  submitText: '确认归档',
  danger: true,
  noteLabel: '归档说明',
  required: '请填写归档说明',
  intro: (kase) => (
    <>
      <CorrectionFacts kase={kase} />
      <p>市民逾期未补正，工单归档结束，不能再办理；说明写入办理记录并随案卷存档。</p>
    </>
  ),
  toAction: (note) => ({ action: 'close_uncorrected', note: note ?? '' }),
});
