import { ElInputNumber, ElOption, ElSelect } from 'element-plus';
import { computed, defineComponent, type PropType, ref } from 'vue';
import { WILDCARD_TEXT } from '../../../../../shared/domain/labels';
import { type AdminDirectory, deleteRule, putDirectoryEntry } from '../../api/directory';
import {
  ANY,
  emptyRuleForm,
  type FormErrors,
  formErrorsOf,
  type ListedRule,
  missingRuleFields,
  ruleBody,
  ruleFormOf,
  ruleIdOf,
} from './admin-form';
import { describedBy, EditDialog, FormRow } from './edit-dialog';

const RULE_FIELDS = ['ruleId', 'category', 'district', 'departmentId', 'coHandlers', 'priority'] as const;

/** 派单规则: category (or all) × district (or all) → lead department, co-handlers, priority. */
export const RuleDialog = defineComponent({
  name: 'RuleDialog',
  props: {
    directory: { type: Object as PropType<AdminDirectory>, required: true },
    rule: { type: Object as PropType<ListedRule>, default: undefined },
  },
  emits: { done: () => true, close: () => true },
  setup(props, { emit }) {
    const form = ref(props.rule ? ruleFormOf(props.rule) : emptyRuleForm());
    const errors = ref<Record<string, string>>({});
    const ruleId = computed(() =>
      form.value.category && form.value.district && form.value.departmentId ? ruleIdOf(form.value) : '',
    );

    async function submit(): Promise<FormErrors | undefined> {
      const missing = missingRuleFields(form.value);
      if (!props.rule && ruleId.value && props.directory.rules.some((r) => r.ruleId === ruleId.value)) {
        missing.departmentId = '已有同样的规则（同一类别、区县和主办单位），请在列表中编辑它';
      }
      if (Object.keys(missing).length > 0) {
        errors.value = missing;
        return { fields: missing };
      }
      const body = ruleBody(form.value);
      try {
        await putDirectoryEntry('rules', body.ruleId, body);
        errors.value = {};
        return undefined;
      } catch (e) {
        const refused = formErrorsOf(e, RULE_FIELDS, body);
        errors.value = refused.fields;
        return refused;
      }
    }

    const departments = () =>
      props.directory.departments.map((d) => (
        <ElOption key={d.id} value={d.id} label={`${d.name}（${d.id}）`} />
      ));

    return () => (
      <EditDialog
        title={props.rule ? '编辑派单规则' : '新增派单规则'}
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <FormRow id="rule-category" label="诉求类别" error={errors.value.category}>
          <ElSelect
            id="rule-category"
            v-model={form.value.category}
            filterable
            defaultFirstOption
            placeholder="输入名称或编码搜索"
            aria-describedby={describedBy('rule-category', errors.value.category)}
          >
            <ElOption value={ANY} label={`${WILDCARD_TEXT.category}（*）`} />
            {props.directory.categories.map((c) => (
              <ElOption key={c.code} value={c.code} label={`${c.name}（${c.code}）`} />
            ))}
          </ElSelect>
        </FormRow>
        <FormRow id="rule-district" label="区县" error={errors.value.district}>
          <ElSelect
            id="rule-district"
            v-model={form.value.district}
            filterable
            defaultFirstOption
            placeholder="输入名称或编码搜索"
            aria-describedby={describedBy('rule-district', errors.value.district)}
          >
            <ElOption value={ANY} label={`${WILDCARD_TEXT.district}（*）`} />
            {props.directory.districts.map((d) => (
              <ElOption key={d.code} value={d.code} label={`${d.name}（${d.code}）`} />
            ))}
          </ElSelect>
        </FormRow>
        <FormRow id="rule-lead" label="主办单位" error={errors.value.departmentId}>
          <ElSelect
            id="rule-lead"
            v-model={form.value.departmentId}
            filterable
            defaultFirstOption
            placeholder="输入名称或编号搜索"
            aria-describedby={describedBy('rule-lead', errors.value.departmentId)}
          >
            {departments()}
          </ElSelect>
        </FormRow>
        <FormRow id="rule-co" label="协办单位（可多选）" error={errors.value.coHandlers}>
          <ElSelect
            id="rule-co"
            v-model={form.value.coHandlers}
            multiple
            filterable
            defaultFirstOption
            placeholder="不需协办可不选"
            aria-describedby={describedBy('rule-co', errors.value.coHandlers)}
          >
            {departments()}
          </ElSelect>
        </FormRow>
        <FormRow
          id="rule-priority"
          label="优先级"
          error={errors.value.priority}
          hint="同样具体的规则中，优先级高者生效（-1000 至 1000）"
        >
          <ElInputNumber
            id="rule-priority"
            v-model={form.value.priority}
            min={-1000}
            max={1000}
            step={1}
            stepStrictly
            aria-describedby={describedBy('rule-priority', errors.value.priority, true)}
          />
        </FormRow>
        <p class="admin-hint">
          规则编号：{ruleId.value || '选择类别、区县和主办单位后生成'}
          {errors.value.ruleId && <span class="admin-error">{errors.value.ruleId}</span>}
        </p>
      </EditDialog>
    );
  },
});

/** Deleting a rule: said in words first, since appeals it routed go to the dispatchers from now on. */
export const DeleteRuleDialog = defineComponent({
  name: 'DeleteRuleDialog',
  props: {
    rule: { type: Object as PropType<ListedRule>, required: true },
    describe: { type: String, required: true },
  },
  emits: { done: () => true, close: () => true },
  setup(props, { emit }) {
    async function submit(): Promise<FormErrors | undefined> {
      try {
        await deleteRule(props.rule.ruleId);
        return undefined;
      } catch (e) {
        return formErrorsOf(e, [], {});
      }
    }
    return () => (
      <EditDialog
        title="删除派单规则"
        submitText="确认删除"
        danger
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <p>确定删除规则“{props.describe}”吗？</p>
        <p class="admin-hint">
          删除后，此类诉求按其余规则派单；没有规则匹配时进入待派单，由派单员处理。规则编号：
          {props.rule.ruleId}
        </p>
      </EditDialog>
    );
  },
});
