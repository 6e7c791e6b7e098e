import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** 恢复计时: the clock runs again and the deadline moves by the paused working days (or hours). */
export default defineComponent({
  name: 'ResumeAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'resume', () => ({ note: '' }));
    return () => (
      <ActionDialog
        title="恢复计时"
        submitText="确认恢复计时"
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'resume',
            ...(draft.value.note.trim() ? { note: draft.value.note.trim() } : {}),
          })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>恢复后办理期限按中止的时间顺延。</p>
        <Field id="resume-field-1" label="说明（选填）">
          <ElInput id="resume-field-1" v-model={draft.value.note} maxlength={NOTE_MAX_CHARS} showWordLimit />
        </Field>
      </ActionDialog>
    );
  },
});
