import { ElInput, ElInputTag, ElOption, ElSelect } from 'element-plus';
import { defineComponent, type PropType, ref } from 'vue';
import { TYPE_TEXT } from '../../../../../shared/domain/labels';
import type { AdminDirectory, Category, Department, District } from '../../api/directory';
import { putDirectoryEntry } from '../../api/directory';
import { cleanKeywords, type FormErrors, formErrorsOf } from './admin-form';
import { describedBy, EditDialog, FormRow } from './edit-dialog';

// The dialogs of a department, a category and a district: each PUTs its entry; the id of a stored
// entry is fixed (the URL names it), a new one must not take an existing id (PUT would replace it).

export type Errors = Record<string, string>;

export async function save(
  kind: 'departments' | 'categories' | 'districts' | 'lines',
  id: string,
  body: Record<string, unknown>,
  fields: readonly string[],
  errors: { value: Errors },
): Promise<FormErrors | undefined> {
  try {
    await putDirectoryEntry(kind, id, body);
    errors.value = {};
    return undefined;
  } catch (e) {
    const refused = formErrorsOf(e, fields, body);
    errors.value = refused.fields;
    return refused;
  }
}

export function taken(errors: { value: Errors }, field: string, message: string): FormErrors {
  errors.value = { [field]: message };
  return { fields: errors.value };
}

export const dialogEmits = { done: () => true, close: () => true };

export const DepartmentDialog = defineComponent({
  name: 'DepartmentDialog',
  props: {
    directory: { type: Object as PropType<AdminDirectory>, required: true },
    entry: { type: Object as PropType<Department>, default: undefined },
  },
  emits: dialogEmits,
  setup(props, { emit }) {
    const form = ref({
      id: props.entry?.id ?? '',
      name: props.entry?.name ?? '',
      district: props.entry?.district ?? '',
    });
    const errors = ref<Errors>({});
    const submit = () => {
      const id = form.value.id.trim();
      if (!props.entry && props.directory.departments.some((d) => d.id === id)) {
        return Promise.resolve(taken(errors, 'id', `编号 ${id} 已有单位使用，请在列表中编辑它`));
      }
      const body = {
        id,
        name: form.value.name.trim(),
        ...(form.value.district ? { district: form.value.district } : {}),
      };
      return save('departments', id, body, ['id', 'name', 'district'], errors);
    };
    return () => (
      <EditDialog
        title={props.entry ? `编辑单位：${props.entry.name}` : '新增单位'}
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <FormRow
          id="dept-id"
          label="单位编号"
          error={errors.value.id}
          hint="小写字母、数字和 -，2–40 个字符；保存后不可更改"
        >
          <ElInput
            id="dept-id"
            v-model={form.value.id}
            disabled={!!props.entry}
            aria-describedby={describedBy('dept-id', errors.value.id, true)}
          />
        </FormRow>
        <FormRow id="dept-name" label="单位名称" error={errors.value.name}>
          <ElInput
            id="dept-name"
            v-model={form.value.name}
            aria-describedby={describedBy('dept-name', errors.value.name)}
          />
        </FormRow>
        <FormRow id="dept-district" label="所属区县（市级单位不选）" error={errors.value.district}>
          <ElSelect
            id="dept-district"
            v-model={form.value.district}
            filterable
            defaultFirstOption
            clearable
            placeholder="市级单位"
            aria-describedby={describedBy('dept-district', errors.value.district)}
          >
            {props.directory.districts.map((d) => (
              <ElOption key={d.code} value={d.code} label={d.name} />
            ))}
          </ElSelect>
        </FormRow>
      </EditDialog>
    );
  },
});

export const CategoryDialog = defineComponent({
  name: 'CategoryDialog',
  props: {
    directory: { type: Object as PropType<AdminDirectory>, required: true },
    entry: { type: Object as PropType<Category>, default: undefined },
  },
  emits: dialogEmits,
  setup(props, { emit }) {
    const form = ref({
      code: props.entry?.code ?? '',
      name: props.entry?.name ?? '',
      defaultType: props.entry?.defaultType ?? '',
      keywords: [...(props.entry?.keywords ?? [])],
    });
    const errors = ref<Errors>({});
    const submit = () => {
      const code = form.value.code.trim();
      if (!props.entry && props.directory.categories.some((c) => c.code === code)) {
        return Promise.resolve(taken(errors, 'code', `编码 ${code} 已有类别使用，请在列表中编辑它`));
      }
      const keywords = cleanKeywords(form.value.keywords);
      const body = {
        code,
        name: form.value.name.trim(),
        ...(form.value.defaultType ? { defaultType: form.value.defaultType } : {}),
        ...(keywords.length > 0 ? { keywords } : {}),
      };
      return save('categories', code, body, ['code', 'name', 'defaultType', 'keywords'], errors);
    };
    return () => (
      <EditDialog
        title={props.entry ? `编辑诉求类别：${props.entry.name}` : '新增诉求类别'}
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <FormRow
          id="cat-code"
          label="类别编码"
          error={errors.value.code}
          hint="小写字母、数字和 -，2–40 个字符；保存后不可更改"
        >
          <ElInput
            id="cat-code"
            v-model={form.value.code}
            disabled={!!props.entry}
            aria-describedby={describedBy('cat-code', errors.value.code, true)}
          />
        </FormRow>
        <FormRow id="cat-name" label="类别名称" error={errors.value.name}>
          <ElInput
            id="cat-name"
            v-model={form.value.name}
            aria-describedby={describedBy('cat-name', errors.value.name)}
          />
        </FormRow>
        <FormRow id="cat-type" label="默认诉求类型" error={errors.value.defaultType}>
          <ElSelect id="cat-type" v-model={form.value.defaultType} clearable placeholder="不指定">
            {Object.entries(TYPE_TEXT).map(([code, text]) => (
              <ElOption key={code} value={code} label={text} />
            ))}
          </ElSelect>
        </FormRow>
        <FormRow
          id="cat-keywords"
          label="关键词（自动分类用：微信留言与坐席录入建议）"
          error={errors.value.keywords}
          hint="输入后按 Enter 添加一个，或用逗号分隔粘贴多个；Backspace 删除最后一个"
        >
          <ElInputTag
            id="cat-keywords"
            v-model={form.value.keywords}
            delimiter={/[,，、]/}
            clearable
            aria-describedby={describedBy('cat-keywords', errors.value.keywords, true)}
          />
        </FormRow>
      </EditDialog>
    );
  },
});

export const DistrictDialog = defineComponent({
  name: 'DistrictDialog',
  props: {
    directory: { type: Object as PropType<AdminDirectory>, required: true },
    entry: { type: Object as PropType<District>, default: undefined },
  },
  emits: dialogEmits,
  setup(props, { emit }) {
    const form = ref({ code: props.entry?.code ?? '', name: props.entry?.name ?? '' });
    const errors = ref<Errors>({});
    const submit = () => {
      const code = form.value.code.trim();
      if (!props.entry && props.directory.districts.some((d) => d.code === code)) {
        return Promise.resolve(taken(errors, 'code', `编码 ${code} 已有区县使用，请在列表中编辑它`));
      }
      return save('districts', code, { code, name: form.value.name.trim() }, ['code', 'name'], errors);
    };
    return () => (
      <EditDialog
        title={props.entry ? `编辑区县：${props.entry.name}` : '新增区县'}
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <FormRow
          id="district-code"
          label="区县编码"
          error={errors.value.code}
          hint="小写字母、数字和 -，2–40 个字符；保存后不可更改"
        >
          <ElInput
            id="district-code"
            v-model={form.value.code}
            disabled={!!props.entry}
            aria-describedby={describedBy('district-code', errors.value.code, true)}
          />
        </FormRow>
        <FormRow id="district-name" label="区县名称" error={errors.value.name}>
          <ElInput
            id="district-name"
            v-model={form.value.name}
            aria-describedby={describedBy('district-name', errors.value.name)}
          />
        </FormRow>
      </EditDialog>
    );
  },
});
