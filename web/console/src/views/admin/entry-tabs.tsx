import { ElButton, ElInput, ElTag } from 'element-plus';
import { computed, defineComponent, type PropType, ref } from 'vue';
import { TYPE_TEXT } from '../../../../../shared/domain/labels';
import type { AdminDirectory, Category, Department, District } from '../../api/directory';
import { AdminList, type ListColumn } from './admin-list';
import { FormRow } from './edit-dialog';
import { CategoryDialog, DepartmentDialog, DistrictDialog } from './entry-dialogs';

// 单位 / 诉求类别 / 区县: a searchable list with 新增 and 编辑 (in a dialog) for each.

export const tabProps = { directory: { type: Object as PropType<AdminDirectory>, required: true as const } };
export const tabEmits = { saved: () => true };

export function matches(query: string, ...texts: (string | undefined)[]): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || texts.some((t) => t?.toLowerCase().includes(q));
}

export function edit(label: string, onClick: () => void) {
  return (
    <ElButton link type="primary" aria-label={label} onClick={onClick}>
      编辑
    </ElButton>
  );
}

export function toolbar(id: string, query: { value: string }, addText: string, onAdd: () => void) {
  return (
    <div class="admin-toolbar">
      <FormRow id={id} label="搜索">
        <ElInput id={id} v-model={query.value} clearable placeholder="名称或编码" />
      </FormRow>
      <ElButton type="primary" onClick={onAdd}>
        {addText}
      </ElButton>
    </div>
  );
}

export const DepartmentsTab = defineComponent({
  name: 'DepartmentsTab',
  props: tabProps,
  emits: tabEmits,
  setup(props, { emit }) {
    const query = ref('');
    const editing = ref<{ entry?: Department }>();
    const districtName = (code?: string) =>
      code ? (props.directory.districts.find((d) => d.code === code)?.name ?? code) : '市级';
    const rows = computed(() =>
      props.directory.departments.filter((d) => matches(query.value, d.id, d.name)),
    );
    const columns: ListColumn<Department>[] = [
      { label: '单位名称', render: (d) => d.name },
      { label: '编号', width: 240, render: (d) => d.id },
      { label: '所属区县', width: 200, render: (d) => districtName(d.district) },
      {
        label: '操作',
        width: 100,
        render: (d) => edit(`编辑 ${d.name}`, () => (editing.value = { entry: d })),
      },
    ];
    return () => (
      <div>
        {toolbar('dept-search', query, '新增单位', () => (editing.value = {}))}
        <AdminList
          label="单位列表"
          rows={rows.value}
          columns={columns as ListColumn<never>[]}
          rowKey={((d: Department) => d.id) as (row: never) => string}
          emptyText={query.value ? '没有符合条件的单位' : '尚无单位'}
        />
        {editing.value && (
          <DepartmentDialog
            directory={props.directory}
            entry={editing.value.entry}
            onDone={() => emit('saved')}
            onClose={() => (editing.value = undefined)}
          />
        )}
      </div>
    );
  },
});

export const CategoriesTab = defineComponent({
  name: 'CategoriesTab',
  props: tabProps,
  emits: tabEmits,
  setup(props, { emit }) {
    const query = ref('');
    const editing = ref<{ entry?: Category }>();
    const rows = computed(() =>
      props.directory.categories.filter((c) => matches(query.value, c.code, c.name, ...(c.keywords ?? []))),
    );
    const columns: ListColumn<Category>[] = [
      { label: '类别名称', width: 140, render: (c) => c.name },
      { label: '编码', width: 200, render: (c) => c.code },
      { label: '默认类型', width: 100, render: (c) => (c.defaultType ? TYPE_TEXT[c.defaultType] : '—') },
      {
        label: '关键词',
        render: (c) =>
          c.keywords?.length ? (
            <span class="admin-keywords">
              {c.keywords.map((k) => (
                <ElTag key={k} size="small" type="info">
                  {k}
                </ElTag>
              ))}
            </span>
          ) : (
            '—'
          ),
      },
      {
        label: '操作',
        width: 100,
        render: (c) => edit(`编辑 ${c.name}`, () => (editing.value = { entry: c })),
      },
    ];
    return () => (
      <div>
        {toolbar('cat-search', query, '新增类别', () => (editing.value = {}))}
        <AdminList
          label="诉求类别列表"
          rows={rows.value}
          columns={columns as ListColumn<never>[]}
          rowKey={((c: Category) => c.code) as (row: never) => string}
          emptyText={query.value ? '没有符合条件的类别' : '尚无诉求类别'}
        />
        {editing.value && (
          <CategoryDialog
            directory={props.directory}
            entry={editing.value.entry}
            onDone={() => emit('saved')}
            onClose={() => (editing.value = undefined)}
          />
        )}
      </div>
    );
  },
});

export const DistrictsTab = defineComponent({
  name: 'DistrictsTab',
  props: tabProps,
  emits: tabEmits,
  setup(props, { emit }) {
    const query = ref('');
    const editing = ref<{ entry?: District }>();
    const rows = computed(() =>
      props.directory.districts.filter((d) => matches(query.value, d.code, d.name)),
    );
    const columns: ListColumn<District>[] = [
      { label: '区县名称', render: (d) => d.name },
      { label: '编码', width: 240, render: (d) => d.code },
      {
        label: '操作',
        width: 100,
        render: (d) => edit(`编辑 ${d.name}`, () => (editing.value = { entry: d })),
      },
    ];
    return () => (
      <div>
        {toolbar('district-search', query, '新增区县', () => (editing.value = {}))}
        <AdminList
          label="区县列表"
          rows={rows.value}
          columns={columns as ListColumn<never>[]}
          rowKey={((d: District) => d.code) as (row: never) => string}
          emptyText={query.value ? '没有符合条件的区县' : '尚无区县'}
        />
        {editing.value && (
          <DistrictDialog
            directory={props.directory}
            entry={editing.value.entry}
            onDone={() => emit('saved')}
            onClose={() => (editing.value = undefined)}
          />
        )}
      </div>
    );
  },
});
