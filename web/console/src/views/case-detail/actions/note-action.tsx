import { ElInput } from 'element-plus';
import { type Component, defineComponent, type VNodeChild } from 'vue';
import type { ActionName, LifecycleAction } from '../../../../../../shared/domain/lifecycle/actions';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import type { StaffCase } from '../../../api/types';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

// Most actions carry one note (签收's remark, a supervisor's reason, 催办's demand): one dialog for
// all of them, so the draft, the 409 handling and the field behave the same everywhere.

export interface NoteActionSpec<N extends ActionName> {
  readonly action: N;
  /** The component's name (Vue devtools, warnings). */
  readonly name: string;
  readonly title: string;
  readonly submitText: string;
  readonly noteLabel: string;
  /** The message when the note is left empty; absent: the note is optional (one line). */
  readonly required?: string;
  readonly danger?: boolean;
  /** What the user decides on, above the note: facts of the case, a sentence on the effect. */
  readonly intro?: (kase: StaffCase) => VNodeChild;
  /** The action's body from the note typed (trimmed; undefined when empty) and the case. */
  readonly toAction: (note: string | undefined, kase: StaffCase) => Extract<LifecycleAction, { action: N }>;
}

/**
 * An action component whose only input is a note.
 *
 * @example
 * export default noteAction({ action: 'resume', name: 'ResumeAction', title: '恢复计时', submitText: '确认恢复计时',
 *   noteLabel: '说明（选填）', toAction: (note) => ({ action: 'resume', ...(note ? { note } : {}) }) });
 */
export function noteAction<N extends ActionName>(spec: NoteActionSpec<N>): Component {
  const id = `${spec.action.replaceAll('_', '-')}-note`;
  return defineComponent({
    name: spec.name,
    props: actionProps,
    emits: actionEmits,
    setup(props, { emit }) {
      const { draft, discard } = useActionDraft(props.kase.caseId, spec.action, () => ({ note: '' }));
      const note = () => draft.value.note.trim() || undefined;
      return () => (
        <ActionDialog
          title={spec.title}
          submitText={spec.submitText}
          danger={spec.danger ?? false}
          validate={() => (spec.required && !note() ? spec.required : undefined)}
          submit={() => act(props.kase.caseId, props.kase.version, spec.toAction(note(), props.kase))}
          onDone={(k) => {
            discard();
            emit('done', k);
          }}
          onClose={() => emit('close')}
          onReload={() => emit('reload')}
        >
          {spec.intro?.(props.kase)}
          <Field id={id} label={spec.noteLabel}>
            <ElInput
              id={id}
              v-model={draft.value.note}
              {...(spec.required ? { type: 'textarea', rows: 3 } : {})}
              maxlength={NOTE_MAX_CHARS}
              showWordLimit
            />
          </Field>
        </ActionDialog>
      );
    },
  });
}
