import { ElButton, ElInput, ElRadio, ElRadioGroup } from 'element-plus';
import { defineComponent, onMounted, ref, shallowRef, watch } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { act, getCase, nearbyCases, searchCases } from '../../../api/cases';
import { ApiError } from '../../../api/http';
import type { CaseSummary, StaffCase } from '../../../api/types';
import { ActionDialog } from '../../../components/action-dialog';
import { formatBeijing } from '../../../components/countdown';
import { Field } from '../../../components/field';
import { useDirectoryNames } from '../../../composables/use-directory-names';
import { lookupQuery } from '../../agent/lookup-query';
import { mergeCandidates } from '../../dispatch/merge-candidates';
import { actionEmits, actionProps } from './action-props';
import { MergeCompare } from './merge-compare';
import { useActionDraft } from './use-action-draft';
import './actions.css';

/**
 * 并单: this case is a duplicate of an open one; it closes as merged and the master's history
 * records it. The master is found by tracking number or among the open cases of the same district
 * and category; both are shown side by side before the dispatcher confirms with a reason.
 */
export default defineComponent({
  name: 'MergeAction',
  props: actionProps,
  emits: actionEmits,
  setup(props, { emit }) {
    const { draft, discard } = useActionDraft(props.kase.caseId, 'merge', () => ({
      masterCaseId: '',
      note: '',
    }));
    const { nameOf } = useDirectoryNames();
    const trackingNo = ref('');
    const candidates = shallowRef<readonly CaseSummary[]>();
    const found = ref<string>();
    const master = shallowRef<StaffCase>();
    const masterError = ref<string>();

    const fail = (e: unknown) => (e instanceof ApiError ? e.message : '网络异常，请稍后重试');

    async function nearby(): Promise<void> {
      found.value = undefined;
      try {
        const { items } = await nearbyCases(props.kase.district, props.kase.category);
        candidates.value = mergeCandidates(items, props.kase.caseId);
        found.value = `同属地同类别的在办工单 ${candidates.value.length} 件`;
      } catch (e) {
        candidates.value = [];
        found.value = fail(e);
      }
    }

    async function search(): Promise<void> {
      const typed = trackingNo.value.trim();
      if (!typed) return void nearby();
      // As the agent's look-up: lower case, spaces or missing dashes still name the case.
      const parsed = lookupQuery(typed, 'trackingNo');
      if ('error' in parsed) {
        candidates.value = [];
        found.value = parsed.error;
        return;
      }
      const no = parsed.query.trackingNo as string;
      try {
        const { items } = await searchCases({ trackingNo: no });
        candidates.value = mergeCandidates(items, props.kase.caseId);
        found.value = candidates.value.length === 0 ? `未找到可并入的工单 ${no}` : `工单号 ${no}`;
      } catch (e) {
        candidates.value = [];
        found.value = fail(e);
      }
    }

    onMounted(nearby);
    watch(
      () => draft.value.masterCaseId,
      async (id) => {
        master.value = undefined;
        masterError.value = undefined;
        if (!id) return;
        try {
          const k = await getCase(id);
          if (draft.value.masterCaseId === id) master.value = k;
        } catch (e) {
          masterError.value = fail(e);
        }
      },
      { immediate: true },
    );

    return () => (
      <ActionDialog
        title="并单"
        submitText="确认并单"
        danger
        validate={() => {
          if (!draft.value.masterCaseId || !master.value) return '请选择要并入的主工单';
          return draft.value.note.trim() ? undefined : '请填写并单理由';
        }}
        submit={() =>
          act(props.kase.caseId, props.kase.version, {
            action: 'merge',
            masterCaseId: draft.value.masterCaseId,
            note: draft.value.note.trim(),
          })
        }
        onDone={(k) => {
          discard();
          emit('done', k);
        }}
        onClose={() => emit('close')}
        onReload={() => emit('reload')}
      >
        <p>本工单将并入主工单并结束（已并单），由主工单的承办单位一并办理。</p>
        <div class="merge-search">
          <Field id="merge-tracking-no" label="按工单号查找主工单（留空则列出同属地同类别在办工单）">
            <ElInput
              id="merge-tracking-no"
              v-model={trackingNo.value}
              maxlength={40}
              onKeydown={(e: Event | KeyboardEvent) => {
                // Enter here searches; it must not submit the merge.
                if ((e as KeyboardEvent).key === 'Enter') {
                  e.preventDefault();
                  e.stopPropagation();
                  void search();
                }
              }}
            />
          </Field>
          <ElButton onClick={() => void search()}>查找</ElButton>
        </div>
        <p class="hint" aria-live="polite">
          {found.value ?? '正在查找同属地同类别的在办工单…'}
        </p>
        {candidates.value && candidates.value.length > 0 && (
          <fieldset class="reason-set merge-candidates">
            <legend>选择主工单</legend>
            <ElRadioGroup v-model={draft.value.masterCaseId} aria-label="选择主工单">
              {candidates.value.map((c) => (
                <ElRadio key={c.caseId} value={c.caseId}>
                  {c.trackingNo} · {nameOf()('category', c.category)} · {nameOf()('district', c.district)} ·{' '}
                  {formatBeijing(c.receivedAt)}
                </ElRadio>
              ))}
            </ElRadioGroup>
          </fieldset>
        )}
        {masterError.value && <p class="hint">{masterError.value}</p>}
        {master.value && <MergeCompare duplicate={props.kase} master={master.value} />}
        <Field id="merge-note" label="并单理由">
          <ElInput
            id="merge-note"
            v-model={draft.value.note}
            type="textarea"
            rows={2}
            maxlength={NOTE_MAX_CHARS}
            showWordLimit
          />
        </Field>
      </ActionDialog>
    );
  },
});
