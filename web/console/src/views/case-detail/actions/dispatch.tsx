import { defineComponent } from 'vue';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { assignmentProblem } from '../../dispatch/assignment';
import { actionEmits, actionProps } from './action-props';
import { AssignmentForm, emptyAssignment } from './assignment-form';
import { assignmentBody, knownDepartments } from './assignment-submit';
import { useActionDraft } from './use-action-draft';

/** 派单: a case no rule routed (or a returned one, for an agent) goes to a lead and co-handlers. */
export default defineComponent({
  name: 'DispatchAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'dispatch', emptyAssignment);
    const known = knownDepartments();
    return () => (
      <ActionDialog
        title="派单"
        submitText="确认派单"
        validate={() => assignmentProblem(draft.value, known.value)}
        submit={() =>
          act(props.kase.caseId, props.kase.version, { action: 'dispatch', ...assignmentBody(draft.value) })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>派单后由主办单位签收办理，协办单位配合并可查看工单。</p>
        <AssignmentForm caseId={props.kase.caseId} idPrefix="dispatch" draft={draft.value} />
      </ActionDialog>
    );
  },
});
