import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { type StaffNameDraft, staffNameOf } from './staff-name';
import { useActionDraft } from './use-action-draft';
import './disclosure-forms.css';

/** 指定专人负责: the named person answerable for this request (专人负责制). */
export default defineComponent({
  name: 'AssignResponsibleAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const current = props.kase.disclosure?.responsible;
    const { draft, discard } = useActionDraft(props.kase.caseId, 'assign_responsible', () => ({
      responsible: { name: current?.name ?? '', id: current?.id ?? '' } as StaffNameDraft,
    }));
    return () => (
      <ActionDialog
        title="指定专人负责"
        validate={() => {
          const who = staffNameOf(draft.value.responsible);
          return typeof who === 'string' ? who : undefined;
        }}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'assign_responsible',
            responsible: staffNameOf(draft.value.responsible) as { id: string; name: string },
          })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>当前：{current?.name ?? '未指定'}</p>
        <div class="reply-row">
          <Field label="姓名" id="responsible-name" required>
            <ElInput id="responsible-name" v-model={draft.value.responsible.name} maxlength={50} />
          </Field>
          <Field label="账号" id="responsible-id" required>
            <ElInput id="responsible-id" v-model={draft.value.responsible.id} maxlength={64} />
          </Field>
        </div>
      </ActionDialog>
    );
  },
});
