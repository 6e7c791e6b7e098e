import { ElInput } from 'element-plus';
import { defineComponent } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act } from '../../../api/cases';
import { ActionDialog } from '../../../components/action-dialog';
import { Field } from '../../../components/field';
import { actionEmits, actionProps } from './action-props';
import { useActionDraft } from './use-action-draft';

/** 征求第三方意见 (第三十二条): the clock pauses while the third party answers, at most 15 working days. */
export default defineComponent({
  name: 'ConsultThirdPartyAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'consult_third_party', () => ({
      party: '',
      note: '',
    }));
    return () => (
      <ActionDialog
        title="征求第三方意见"
        submitText="发出征求意见"
        validate={() => (draft.value.party.trim() ? undefined : '请填写第三方的名称')}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'consult_third_party',
            party: draft.value.party.trim(),
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
        <p>
          公开可能损害第三方合法权益的，书面征求其意见；等待意见期间（最长 15
          个工作日）不计入答复期限（条例第三十二条）。
        </p>
        <Field id="third-party" label="第三方（单位或个人）">
          <ElInput id="third-party" v-model={draft.value.party} maxlength={200} />
        </Field>
        <Field id="third-party-note" label="内部备注（选填）">
          <ElInput id="third-party-note" v-model={draft.value.note} maxlength={NOTE_MAX_CHARS} />
        </Field>
      </ActionDialog>
    );
  },
});
