import { ElButton, ElOption, ElSelect } from 'element-plus';
import { computed, defineComponent, type PropType, ref } from 'vue';
import { WILDCARD_TEXT } from '../../../../../shared/domain/labels';
import type { AdminDirectory } from '../../api/directory';
import { ANY, type ListedRule } from './admin-form';
import { AdminList, type ListColumn } from './admin-list';
import { FormRow } from './edit-dialog';
import { DeleteRuleDialog, RuleDialog } from './rule-dialog';

/** 派单规则: the catalogue's rules, filtered by category, district or department, edited in a dialog. */
export const RulesTab = defineComponent({
  name: 'RulesTab',
  props: { directory: { type: Object as PropType<AdminDirectory>, required: true } },
  emits: { saved: () => true },
  setup(props, { emit }) {
    const filter = ref({ category: '', district: '', department: '' });
    const editing = ref<{ rule?: ListedRule }>();
    const deleting = ref<ListedRule>();

    const names = computed(() => ({
      category: new Map(props.directory.categories.map((c) => [c.code, c.name])),
      district: new Map(props.directory.districts.map((d) => [d.code, d.name])),
      department: new Map(props.directory.departments.map((d) => [d.id, d.name])),
    }));
    const categoryName = (code: string) =>
      code === ANY ? WILDCARD_TEXT.category : (names.value.category.get(code) ?? code);
    const districtName = (code: string) =>
      code === ANY ? WILDCARD_TEXT.district : (names.value.district.get(code) ?? code);
    const departmentName = (id: string) => names.value.department.get(id) ?? id;
    const describe = (r: ListedRule) =>
      `${categoryName(r.category)} × ${districtName(r.district)} → ${departmentName(r.departmentId)}`;

    // Most specific first (as routing weighs them), then by priority: the order a dispatcher reasons in.
    const rows = computed(() => {
      const { category, district, department } = filter.value;
      return props.directory.rules
        .filter(
          (r) =>
            (!category || r.category === category) &&
            (!district || r.district === district) &&
            (!department || r.departmentId === department || r.coHandlers.includes(department)),
        )
        .slice()
        .sort(
          (a, b) =>
            categoryName(a.category).localeCompare(categoryName(b.category), 'zh-CN') ||
            Number(a.district === ANY) - Number(b.district === ANY) ||
            districtName(a.district).localeCompare(districtName(b.district), 'zh-CN') ||
            b.priority - a.priority,
        );
    });

    const columns: ListColumn<ListedRule>[] = [
      { label: '诉求类别', width: 130, render: (r) => categoryName(r.category) },
      { label: '区县', width: 150, render: (r) => districtName(r.district) },
      { label: '主办单位', render: (r) => departmentName(r.departmentId) },
      { label: '协办单位', render: (r) => r.coHandlers.map(departmentName).join('、') || '—' },
      { label: '优先级', width: 80, render: (r) => String(r.priority) },
      {
        label: '操作',
        width: 130,
        render: (r) => (
          <span>
            <ElButton
              link
              type="primary"
              aria-label={`编辑规则 ${describe(r)}`}
              onClick={() => (editing.value = { rule: r })}
            >
              编辑
            </ElButton>
            <ElButton
              link
              type="danger"
              aria-label={`删除规则 ${describe(r)}`}
              onClick={() => (deleting.value = r)}
            >
              删除
            </ElButton>
          </span>
        ),
      },
    ];

    return () => (
      <div>
        <div class="admin-toolbar">
          <FormRow id="rule-filter-category" label="按类别筛选">
            <ElSelect
              id="rule-filter-category"
              v-model={filter.value.category}
              filterable
              defaultFirstOption
              clearable
              placeholder="全部"
            >
              <ElOption value={ANY} label={WILDCARD_TEXT.category} />
              {props.directory.categories.map((c) => (
                <ElOption key={c.code} value={c.code} label={c.name} />
              ))}
            </ElSelect>
          </FormRow>
          <FormRow id="rule-filter-district" label="按区县筛选">
            <ElSelect
              id="rule-filter-district"
              v-model={filter.value.district}
              filterable
              defaultFirstOption
              clearable
              placeholder="全部"
            >
              <ElOption value={ANY} label={WILDCARD_TEXT.district} />
              {props.directory.districts.map((d) => (
                <ElOption key={d.code} value={d.code} label={d.name} />
              ))}
            </ElSelect>
          </FormRow>
          <FormRow id="rule-filter-department" label="按单位筛选（主办或协办）">
            <ElSelect
              id="rule-filter-department"
              v-model={filter.value.department}
              filterable
              defaultFirstOption
              clearable
              placeholder="全部"
            >
              {props.directory.departments.map((d) => (
                <ElOption key={d.id} value={d.id} label={d.name} />
              ))}
            </ElSelect>
          </FormRow>
          <ElButton type="primary" onClick={() => (editing.value = {})}>
            新增规则
          </ElButton>
        </div>
        <AdminList
          label="派单规则列表"
          rows={rows.value}
          columns={columns as ListColumn<never>[]}
          rowKey={((r: ListedRule) => r.ruleId) as (row: never) => string}
          emptyText="没有符合条件的规则：此类诉求进入待派单，由派单员处理"
        />
        {editing.value && (
          <RuleDialog
            directory={props.directory}
            rule={editing.value.rule}
            onDone={() => emit('saved')}
            onClose={() => (editing.value = undefined)}
          />
        )}
        {deleting.value && (
          <DeleteRuleDialog
            rule={deleting.value}
            describe={describe(deleting.value)}
            onDone={() => emit('saved')}
            onClose={() => (deleting.value = undefined)}
          />
        )}
      </div>
    );
  },
});
