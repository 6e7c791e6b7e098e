import { LEGAL_HOLD_TEXT } from '../../../../../../shared/domain/labels';
import { noteAction } from './note-action';

/**
 * 法律保全: a supervisor holds an archived case's dossier, or lifts the hold, with the reason. One
 * action both ways: the case's current hold decides which, and the dialog says it before the note.
 */
export default noteAction({
  action: 'legal_hold',
  name: 'LegalHoldAction',
  title: '法律保全',
  submitText: '确认提交',
  noteLabel: '理由（如法院、纪检监察、复查）',
  required: '请填写理由',
  intro: (kase) =>
    kase.legalHold?.on ? (
      <p>
        本工单档案自 {new Date(kase.legalHold.since).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}{' '}
        起处于{LEGAL_HOLD_TEXT.on}（{kase.legalHold.note}）。提交后将{LEGAL_HOLD_TEXT.off}
        ，档案仍按保管期限锁定。
      </p>
    ) : (
      <p>
        提交后对本工单的全部归档文件（档案、原始报文、照片、答复书）设置{LEGAL_HOLD_TEXT.on}
        ，解除前任何人不能删除；理由写入办理记录并随档案存档。
      </p>
    ),
  toAction: (note, kase) => ({ action: 'legal_hold', hold: !kase.legalHold?.on, note: note ?? '' }),
});
