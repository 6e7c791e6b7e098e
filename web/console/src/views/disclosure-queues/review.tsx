import { defineComponent } from 'vue';
import { DISCLOSURE_CONSOLE_TEXT } from '../../../../../shared/domain/labels';
import { formatBeijing } from '../../components/countdown';
import { DisclosureQueueScreen } from './queue-screen';
import { draftLine } from './rows';
import './disclosure-queues.css';

/** 审核: the drafts awaiting a second person's approval (reviewer, supervisor), oldest deadline first. */
export default defineComponent({
  name: 'DisclosureReviewView',
  setup() {
    return () => (
      <DisclosureQueueScreen
        queue="review"
        title={DISCLOSURE_CONSOLE_TEXT.reviewQueue}
        caption={DISCLOSURE_CONSOLE_TEXT.reviewQueueCaption}
        intro="承办人已拟稿、待审核的政府信息公开答复。打开工单，核对答复稿并完成保密审查后审核通过，或写明理由退回。本人起草的答复须由他人审核。"
        emptyText="暂无待审核的答复"
        extra={{ label: DISCLOSURE_CONSOLE_TEXT.draftedBy, cell: (row) => draftLine(row, formatBeijing) }}
      />
    );
  },
});
