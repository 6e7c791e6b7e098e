import { ElButton, ElInput, ElOption, ElSelect } from 'element-plus';
import { defineComponent, onMounted, type PropType, ref, shallowRef } from 'vue';
import { NOTE_MAX_CHARS } from '../../../../../../shared/domain/lifecycle/limits';
import { staffDirectory } from '../../../api/directory';
import { type RoutingSuggestion, routingOf } from '../../../api/dispatch';
import { ApiError } from '../../../api/http';
import { Field } from '../../../components/field';
import { assignmentOf, coHandlersWithout, sameAssignment } from '../../dispatch/assignment';
import './actions.css';

/** The fields of a 派单 or 改派: what the form edits, kept in the action's draft. */
export interface AssignmentDraft {
  departmentId: string;
  coHandlers: string[];
  note: string;
}

export const emptyAssignment = (): AssignmentDraft => ({ departmentId: '', coHandlers: [], note: '' });

/**
 * 主办 and 协办 pickers with search over the staff directory, and the catalogue's suggestions for
 * the case's category × district, each applied with one click (or Enter on it). The dispatcher can
 * always choose otherwise: a suggestion only fills the pickers.
 */
export const AssignmentForm = defineComponent({
  name: 'AssignmentForm',
  props: {
    caseId: { type: String, required: true },
    /** The field ids' prefix: a dispatch and a redispatch dialog never share ids. */
    idPrefix: { type: String, required: true },
    draft: { type: Object as PropType<AssignmentDraft>, required: true },
    /** The department the case has now (改派): not offered as the new lead. */
    currentDepartment: { type: String, default: undefined },
  },
  setup(props) {
    const departments = shallowRef<readonly { id: string; name: string }[]>([]);
    const suggestions = shallowRef<readonly RoutingSuggestion[]>();
    const suggestionError = ref<string>();
    const directoryError = ref<string>();

    onMounted(() => {
      staffDirectory()
        .then((d) => {
          departments.value = d.departments;
        })
        .catch((e: unknown) => {
          directoryError.value = e instanceof ApiError ? e.message : '单位目录加载失败';
        });
      routingOf(props.caseId)
        .then((r) => {
          suggestions.value = r.suggestions;
        })
        .catch((e: unknown) => {
          suggestions.value = [];
          suggestionError.value = e instanceof ApiError ? e.message : '派单建议加载失败';
        });
    });

    const apply = (s: RoutingSuggestion) => {
      const a = assignmentOf(s);
      props.draft.departmentId = a.departmentId;
      props.draft.coHandlers = [...a.coHandlers];
    };
    const nameOf = (id: string) => departments.value.find((d) => d.id === id)?.name ?? id;
    const leadId = `${props.idPrefix}-lead`;
    const coId = `${props.idPrefix}-co`;
    const noteId = `${props.idPrefix}-note`;

    return () => (
      <div class="assignment-form">
        <section class="suggestions" aria-labelledby={`${props.idPrefix}-suggestions`}>
          <h3 id={`${props.idPrefix}-suggestions`} class="form-subtitle">
            派单建议（按目录规则）
          </h3>
          {suggestions.value === undefined ? (
            <p class="hint">正在读取派单建议…</p>
          ) : suggestionError.value ? (
            <p class="hint">{suggestionError.value}，请直接选择单位。</p>
          ) : suggestions.value.length === 0 ? (
            <p class="hint">目录中没有适用于该类别和属地的规则，请直接选择单位。</p>
          ) : (
            <ul class="suggestion-list">
              {suggestions.value.map((s) => {
                const applied = sameAssignment(props.draft, assignmentOf(s));
                return (
                  <li key={s.ruleId}>
                    <ElButton
                      class="suggestion"
                      type={applied ? 'primary' : undefined}
                      plain={!applied}
                      aria-pressed={applied ? 'true' : 'false'}
                      data-testid="suggestion"
                      onClick={() => apply(s)}
                    >
                      主办：{s.departmentName}
                      {s.coHandlers.length > 0 &&
                        `；协办：${s.coHandlers.map((c) => c.departmentName).join('、')}`}
                    </ElButton>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        {directoryError.value && <p class="hint">{directoryError.value}</p>}
        <Field id={leadId} label="主办单位（可输入名称搜索）">
          <ElSelect
            id={leadId}
            modelValue={props.draft.departmentId}
            filterable
            defaultFirstOption
            placeholder="选择主办单位"
            noMatchText="没有匹配的单位"
            noDataText="单位目录为空"
            onUpdate:modelValue={(v: string) => {
              props.draft.departmentId = v;
              props.draft.coHandlers = coHandlersWithout(v, props.draft.coHandlers);
            }}
          >
            {departments.value
              .filter((d) => d.id !== props.currentDepartment)
              .map((d) => (
                <ElOption key={d.id} value={d.id} label={d.name} />
              ))}
          </ElSelect>
        </Field>
        <Field id={coId} label="协办单位（选填，可多选）">
          <ElSelect
            id={coId}
            modelValue={props.draft.coHandlers}
            multiple
            filterable
            defaultFirstOption
            placeholder="选择协办单位"
            noMatchText="没有匹配的单位"
            noDataText="单位目录为空"
            onUpdate:modelValue={(v: string[]) => {
              props.draft.coHandlers = coHandlersWithout(props.draft.departmentId, v);
            }}
          >
            {departments.value
              .filter((d) => d.id !== props.draft.departmentId)
              .map((d) => (
                <ElOption key={d.id} value={d.id} label={d.name} />
              ))}
          </ElSelect>
        </Field>
        {props.draft.departmentId && (
          <p class="hint" aria-live="polite">
            将派至 {nameOf(props.draft.departmentId)}
            {props.draft.coHandlers.length > 0 && `，协办 ${props.draft.coHandlers.map(nameOf).join('、')}`}
          </p>
        )}
        <Field id={noteId} label="派单说明（选填，承办单位可见）">
          <ElInput id={noteId} v-model={props.draft.note} maxlength={NOTE_MAX_CHARS} showWordLimit />
        </Field>
      </div>
    );
  },
});
