import { defineComponent } from 'vue';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { useDirectoryNames } from '../../../composables/use-directory-names';
import { assignmentProblem } from '../../dispatch/assignment';
import { actionEmits, actionProps } from './action-props';
import { AssignmentForm, emptyAssignment } from './assignment-form';
import { assignmentBody, knownDepartments } from './assignment-submit';
import { useActionDraft } from './use-action-draft';

/**
 * 改派: a returned case, or one its department should not have, goes to another lead department;
 * the deadline runs on (the API's rule), and the old department leaves the case.
 */
export default defineComponent({
  name: 'RedispatchAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'redispatch', emptyAssignment);
    const known = knownDepartments();
    const { nameOf } = useDirectoryNames();
    return () => (
      <ActionDialog
        title="改派"
        submitText="确认改派"
        validate={() => assignmentProblem(draft.value, known.value)}
        submit={() =>
          act(props.kase.caseId, props.kase.version, { action: 'redispatch', ...assignmentBody(draft.value) })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>
          {props.kase.departmentId
            ? `当前主办单位：${nameOf()('department', props.kase.departmentId)}。改派后由新单位签收办理。`
            : '该工单已被退回，改派后由新单位签收办理。'}
        </p>
        <AssignmentForm
          caseId={props.kase.caseId}
          idPrefix="redispatch"
          draft={draft.value}
          currentDepartment={props.kase.departmentId}
        />
      </ActionDialog>
    );
  },
});
