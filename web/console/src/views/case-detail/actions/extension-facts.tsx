import { defineComponent, type PropType } from 'vue';
import type { StaffCase } from '../../../api/types';
import { dueText } from '../../../components/countdown';
import { actorText } from '../../../components/history-text';
import { useDirectoryNames } from '../../../composables/use-directory-names';
import './actions.css';

/** What a supervisor decides an extension on: who asked, why, and the deadline now and requested. */
export const ExtensionFacts = defineComponent({
  name: 'ExtensionFacts',
  props: { kase: { type: Object as PropType<StaffCase>, required: true } },
  setup(props) {
    const { nameOf } = useDirectoryNames();
    return () => {
      const ext = props.kase.pendingExtension;
      if (!ext) return <p>该工单没有待审批的延期申请。</p>;
      return (
        <dl class="decision-facts">
          <dt>申请人</dt>
          <dd>{actorText(ext.requestedBy, (id) => nameOf()('department', id))}</dd>
          <dt>延期理由</dt>
          <dd>{ext.reason}</dd>
          <dt>当前期限</dt>
          <dd>{dueText(props.kase.dueAt)}</dd>
          <dt>申请延至</dt>
          <dd>{ext.requestedDueAt ? dueText(ext.requestedDueAt) : '—'}</dd>
        </dl>
      );
    };
  },
});
