import { defineComponent } from 'vue';
import { dueText, formatBeijing } from '../../../components/countdown';
import { actionProps } from './action-props';
import './actions.css';

/** The open 补正 a decision is about: what the citizen was asked, when, and until when. */
export const CorrectionFacts = defineComponent({
  name: 'CorrectionFacts',
  props: { kase: actionProps.kase },
  setup(props) {
    return () => {
      const c = props.kase.correction;
      if (!c || c.answeredAt) return <p>该工单没有待答复的补正。</p>;
      return (
        <dl class="decision-facts">
          <dt>补正要求</dt>
          <dd>{c.question}</dd>
          <dt>要求时间</dt>
          <dd>{formatBeijing(c.requestedAt)}</dd>
          <dt>答复期限</dt>
          <dd>{dueText(c.dueAt)}</dd>
        </dl>
      );
    };
  },
});
