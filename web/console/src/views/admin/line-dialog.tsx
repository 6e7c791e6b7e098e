import { ElInput, ElOption, ElSelect } from 'element-plus';
import { defineComponent, type PropType, ref } from 'vue';
import { type AdminDirectory, deleteLine, type HotlineLine } from '../../api/directory';
import { type FormErrors, formErrorsOf, lineBody, lineFormOf } from './admin-form';
import { describedBy, EditDialog, FormRow } from './edit-dialog';
import { dialogEmits, type Errors, save, taken } from './entry-dialogs';

// A hotline line (热线线路): the code the telephony system reports, its Chinese name, the department
// that ran it before it was merged into 12345, and its answer-rate target typed as a percentage.

const FIELDS = ['code', 'name', 'formerDepartmentId', 'answerRateTarget'] as const;

export const LineDialog = defineComponent({
  name: 'LineDialog',
  props: {
    directory: { type: Object as PropType<AdminDirectory>, required: true },
    entry: { type: Object as PropType<HotlineLine>, default: undefined },
  },
  emits: dialogEmits,
  setup(props, { emit }) {
    const form = ref(lineFormOf(props.entry));
    const errors = ref<Errors>({});
    const submit = (): Promise<FormErrors | undefined> => {
      const code = form.value.code.trim();
      if (!props.entry && props.directory.lines.some((l) => l.code === code)) {
        return Promise.resolve(taken(errors, 'code', `代码 ${code} 已有线路使用，请在列表中编辑它`));
      }
      const body = lineBody(form.value);
      if (!body.ok) {
        errors.value = body.errors;
        return Promise.resolve({ fields: body.errors });
      }
      return save('lines', code, body.value, FIELDS, errors);
    };
    return () => (
      <EditDialog
        title={props.entry ? `编辑热线线路：${props.entry.name}` : '新增热线线路'}
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <FormRow
          id="line-code"
          label="线路代码"
          error={errors.value.code}
          hint="与话务系统上报的线路一致（拨打的号码或并入热线的代码）：数字、字母或 -，1–32 个字符；保存后不可更改"
        >
          <ElInput
            id="line-code"
            v-model={form.value.code}
            disabled={!!props.entry}
            aria-describedby={describedBy('line-code', errors.value.code, true)}
          />
        </FormRow>
        <FormRow id="line-name" label="线路名称" error={errors.value.name}>
          <ElInput
            id="line-name"
            v-model={form.value.name}
            aria-describedby={describedBy('line-name', errors.value.name)}
          />
        </FormRow>
        <FormRow
          id="line-former"
          label="原承办单位（12345 本线不选）"
          error={errors.value.formerDepartmentId}
        >
          <ElSelect
            id="line-former"
            v-model={form.value.formerDepartmentId}
            filterable
            defaultFirstOption
            clearable
            placeholder="不指定"
            aria-describedby={describedBy('line-former', errors.value.formerDepartmentId)}
          >
            {props.directory.departments.map((d) => (
              <ElOption key={d.id} value={d.id} label={d.name} />
            ))}
          </ElSelect>
        </FormRow>
        <FormRow
          id="line-target"
          label="接通率目标（%）"
          error={errors.value.answerRateTarget}
          hint="按百分比填写，如 98 或 99.5；未另行约定的为 98"
        >
          <ElInput
            id="line-target"
            v-model={form.value.target}
            inputmode="decimal"
            aria-describedby={describedBy('line-target', errors.value.answerRateTarget, true)}
          >
            {{ append: () => '%' }}
          </ElInput>
        </FormRow>
      </EditDialog>
    );
  },
});

/**
 * Deleting a line: its calls already counted stay in the metrics (the report lists its code without a
 * name, judged against the city's default target), as the report does for any line it does not know.
 */
export const DeleteLineDialog = defineComponent({
  name: 'DeleteLineDialog',
  props: { line: { type: Object as PropType<HotlineLine>, required: true } },
  emits: dialogEmits,
  setup(props, { emit }) {
    async function submit(): Promise<FormErrors | undefined> {
      try {
        await deleteLine(props.line.code);
        return undefined;
      } catch (e) {
        return formErrorsOf(e, [], {});
      }
    }
    return () => (
      <EditDialog
        title="删除热线线路"
        submitText="确认删除"
        danger
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <p>
          确定删除线路“{props.line.name}”（{props.line.code}）吗？
        </p>
        <p class="admin-hint">
          已统计的话务数据保留。删除后，报表中此线路只显示代码，接通率按全市默认目标考核。
        </p>
      </EditDialog>
    );
  },
});
