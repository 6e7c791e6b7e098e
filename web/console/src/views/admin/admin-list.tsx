import { ElPagination, ElTable, ElTableColumn } from 'element-plus';
import { computed, defineComponent, type PropType, ref, type VNodeChild, watch } from 'vue';

export interface ListColumn<T> {
  readonly label: string;
  readonly width?: number;
  readonly render: (row: T) => VNodeChild;
}

const PAGE_SIZE = 20;

/**
 * A catalogue list: a table paged on the client (the catalogue is a few hundred entries at most) that
 * keeps its page when the rows are re-read after a save.
 */
export const AdminList = defineComponent({
  name: 'AdminList',
  props: {
    label: { type: String, required: true },
    rows: { type: Array as PropType<readonly unknown[]>, required: true },
    columns: { type: Array as PropType<readonly ListColumn<never>[]>, required: true },
    rowKey: { type: Function as PropType<(row: never) => string>, required: true },
    emptyText: { type: String, default: '暂无数据' },
  },
  setup(props) {
    const page = ref(1);
    const pages = computed(() => Math.max(1, Math.ceil(props.rows.length / PAGE_SIZE)));
    // A shorter list (a filter, a delete) keeps the page when it still exists, else the last one.
    watch(pages, (n) => {
      if (page.value > n) page.value = n;
    });
    const shown = computed(() => props.rows.slice((page.value - 1) * PAGE_SIZE, page.value * PAGE_SIZE));
    return () => (
      <section class="admin-list" aria-label={props.label}>
        <ElTable
          data={shown.value as Record<string, unknown>[]}
          rowKey={props.rowKey as (row: unknown) => string}
          emptyText={props.emptyText}
          stripe
        >
          {props.columns.map((c) => (
            <ElTableColumn key={c.label} label={c.label} width={c.width}>
              {{ default: ({ row }: { row: never }) => c.render(row) }}
            </ElTableColumn>
          ))}
        </ElTable>
        {props.rows.length > PAGE_SIZE && (
          <ElPagination
            class="admin-pager"
            layout="total, prev, pager, next"
            total={props.rows.length}
            pageSize={PAGE_SIZE}
            v-model:currentPage={page.value}
          />
        )}
      </section>
    );
  },
});
