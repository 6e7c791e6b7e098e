import { defineComponent, type PropType } from 'vue';
import { RATING_TEXT } from '../../../../../../shared/domain/labels';
import type { StaffCase } from '../../../api/types';
import { formatBeijing } from '../../../components/countdown';
import './actions.css';

/** What a supervisor decides a dissatisfied case on: the citizen's rating and words, and the reply. */
export const FeedbackFacts = defineComponent({
  name: 'FeedbackFacts',
  props: { kase: { type: Object as PropType<StaffCase>, required: true } },
  setup(props) {
    return () => {
      const f = props.kase.feedback;
      return (
        <dl class="decision-facts">
          <dt>市民评价</dt>
          <dd>{f ? `${RATING_TEXT[f.rating] ?? f.rating}（${formatBeijing(f.at)}）` : '暂无评价'}</dd>
          <dt>市民意见</dt>
          <dd>{f?.comment || '—'}</dd>
          <dt>答复内容</dt>
          <dd>{props.kase.reply ?? '—'}</dd>
        </dl>
      );
    };
  },
});
