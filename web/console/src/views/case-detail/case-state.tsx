import { ElAlert } from 'element-plus';
import { defineComponent, type PropType } from 'vue';
import { PAUSE_REASON_TEXT, RATING_TEXT } from '../../../../../shared/domain/labels';
import type { StaffCase } from '../../api/types';
import { formatBeijing } from '../../components/countdown';

/**
 * What is in progress on the case and needs the reader's eye: a paused clock, an extension waiting
 * for a supervisor, an open 补正, the citizen's rating.
 */
export const CaseState = defineComponent({
  name: 'CaseState',
  props: { kase: { type: Object as PropType<StaffCase>, required: true } },
  setup(props) {
    return () => {
      const k = props.kase;
      const correction = k.correction;
      return (
        <div class="case-state">
          {k.pausedSince && (
            <ElAlert type="info" showIcon closable={false} title="计时已中止">
              {`${formatBeijing(k.pausedSince.at)} 起，原因：${PAUSE_REASON_TEXT[k.pausedSince.reason]}`}
              {k.pausedSince.latestDueAt ? `；最迟期限 ${formatBeijing(k.pausedSince.latestDueAt)}` : ''}
            </ElAlert>
          )}
          {k.pendingExtension && (
            <ElAlert type="warning" showIcon closable={false} title="延期申请待审批">
              {`申请延期至 ${formatBeijing(k.pendingExtension.requestedDueAt)}；理由：${k.pendingExtension.reason}（${formatBeijing(k.pendingExtension.requestedAt)} 提交）`}
            </ElAlert>
          )}
          {correction && (
            <ElAlert
              type={correction.answeredAt ? 'success' : 'warning'}
              showIcon
              closable={false}
              title={correction.answeredAt ? '市民已补正' : '等待市民补正'}
            >
              <p>{`补正要求：${correction.question}`}</p>
              {correction.answeredAt ? (
                <p>{`补正内容（${formatBeijing(correction.answeredAt)}）：${correction.answer ?? ''}`}</p>
              ) : (
                <p>{`市民答复期限：${formatBeijing(correction.dueAt)}`}</p>
              )}
            </ElAlert>
          )}
          {k.feedback && (
            <ElAlert
              type={k.feedback.rating === 'dissatisfied' ? 'error' : 'success'}
              showIcon
              closable={false}
              title={`市民评价：${RATING_TEXT[k.feedback.rating]}`}
            >
              {k.feedback.comment ?? ''}
            </ElAlert>
          )}
        </div>
      );
    };
  },
});
