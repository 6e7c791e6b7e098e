import { defineComponent } from 'vue';
import { DISCLOSURE_CONSOLE_TEXT } from '../../../../../shared/domain/labels';
import { DisclosureQueueScreen } from './queue-screen';
import { responsibleLine } from './rows';
import './disclosure-queues.css';

/** 依申请公开: the requests still being handled (a department's own; a supervisor's, all). */
export default defineComponent({
  name: 'DisclosureOpenView',
  setup() {
    return () => (
      <DisclosureQueueScreen
        queue="open"
        title={DISCLOSURE_CONSOLE_TEXT.openQueue}
        caption={DISCLOSURE_CONSOLE_TEXT.openQueueCaption}
        intro="办理中的政府信息公开申请，按答复期限排列：登记、补正、征求第三方意见、延期、拟稿，都在工单的“政府信息公开”栏内办理。"
        emptyText="暂无办理中的申请"
        extra={{ label: DISCLOSURE_CONSOLE_TEXT.responsible, cell: responsibleLine }}
      />
    );
  },
});
