import { defineComponent, type PropType } from 'vue';
import { RATING_TEXT } from '../../../../../shared/domain/labels';
import type { SupervisionSummary } from '../../api/supervision';
import { formatBeijing } from '../../components/countdown';

/** What the supervisor decides on, in the row: the extension's reason and date, or the rating. */
export const DecisionCell = defineComponent({
  name: 'DecisionCell',
  props: { row: { type: Object as PropType<SupervisionSummary>, required: true } },
  setup(props) {
    return () => {
      const ext = props.row.pendingExtension;
      const fb = props.row.feedback;
      return (
        <div class="decision-cell">
          {ext && (
            <>
              <p>
                <strong>申请延至 {formatBeijing(ext.requestedDueAt)}</strong>
              </p>
              <p class="decision-text">理由：{ext.reason}</p>
            </>
          )}
          {fb && (
            <>
              <p>
                <strong>{(RATING_TEXT as Readonly<Record<string, string>>)[fb.rating] ?? fb.rating}</strong>
                <span class="muted">（{formatBeijing(fb.at)}）</span>
              </p>
              <p class="decision-text">{fb.comment ? `市民意见：${fb.comment}` : '市民未留意见'}</p>
            </>
          )}
          {!ext && !fb && <span class="muted">—</span>}
        </div>
      );
    };
  },
});
