import { ElButton } from 'element-plus';
import { computed, defineComponent, ref } from 'vue';
import type { HotlineLine } from '../../api/directory';
import { targetPercentText } from './admin-form';
import { AdminList, type ListColumn } from './admin-list';
import { matches, tabEmits, tabProps, toolbar } from './entry-tabs';
import { DeleteLineDialog, LineDialog } from './line-dialog';

/**
 * 热线线路: 12345 itself and the hotlines merged into it, each counted and reported on its own
 * (接通率 per line against its target). Codes sort as numbers read, so 12315 comes before 12345.
 */
export const LinesTab = defineComponent({
  name: 'LinesTab',
  props: tabProps,
  emits: tabEmits,
  setup(props, { emit }) {
    const query = ref('');
    const editing = ref<{ entry?: HotlineLine }>();
    const deleting = ref<HotlineLine>();
    const departmentName = (id?: string) =>
      id ? (props.directory.departments.find((d) => d.id === id)?.name ?? id) : '—';
    const rows = computed(() =>
      props.directory.lines
        .filter((l) => matches(query.value, l.code, l.name, departmentName(l.formerDepartmentId)))
        .slice()
        .sort((a, b) => a.code.localeCompare(b.code, 'zh-CN', { numeric: true })),
    );
    const columns: ListColumn<HotlineLine>[] = [
      { label: '线路代码', width: 120, render: (l) => l.code },
      { label: '线路名称', render: (l) => l.name },
      { label: '原承办单位', render: (l) => departmentName(l.formerDepartmentId) },
      { label: '接通率目标', width: 110, render: (l) => targetPercentText(l.answerRateTarget) },
      {
        label: '操作',
        width: 130,
        render: (l) => (
          <span>
            <ElButton
              link
              type="primary"
              aria-label={`编辑 ${l.name}`}
              onClick={() => (editing.value = { entry: l })}
            >
              编辑
            </ElButton>
            <ElButton link type="danger" aria-label={`删除 ${l.name}`} onClick={() => (deleting.value = l)}>
              删除
            </ElButton>
          </span>
        ),
      },
    ];
    return () => (
      <div>
        {toolbar('line-search', query, '新增线路', () => (editing.value = {}))}
        <AdminList
          label="热线线路列表"
          rows={rows.value}
          columns={columns as ListColumn<never>[]}
          rowKey={((l: HotlineLine) => l.code) as (row: never) => string}
          emptyText={query.value ? '没有符合条件的线路' : '尚无热线线路'}
        />
        {editing.value && (
          <LineDialog
            directory={props.directory}
            entry={editing.value.entry}
            onDone={() => emit('saved')}
            onClose={() => (editing.value = undefined)}
          />
        )}
        {deleting.value && (
          <DeleteLineDialog
            line={deleting.value}
            onDone={() => emit('saved')}
            onClose={() => (deleting.value = undefined)}
          />
        )}
      </div>
    );
  },
});
