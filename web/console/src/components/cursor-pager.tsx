import { ElButton } from 'element-plus';
import { defineComponent } from 'vue';

/** 上一页 / 第 N 页 / 下一页 under a list paged by cursor (composables/use-cursor-pages.ts). */
export const CursorPager = defineComponent({
  name: 'CursorPager',
  props: {
    /** What is paged, for the screen reader: `<caption>翻页`. */
    caption: { type: String, required: true },
    page: { type: Number, required: true },
    hasPrevious: { type: Boolean, required: true },
    hasNext: { type: Boolean, required: true },
    loading: { type: Boolean, default: false },
  },
  emits: ['previous', 'next'],
  setup(props, { emit }) {
    return () => (
      <nav class="case-table-pager" aria-label={`${props.caption}翻页`}>
        <ElButton disabled={!props.hasPrevious || props.loading} onClick={() => emit('previous')}>
          上一页
        </ElButton>
        <span aria-live="polite">第 {props.page} 页</span>
        <ElButton disabled={!props.hasNext || props.loading} onClick={() => emit('next')}>
          下一页
        </ElButton>
      </nav>
    );
  },
});
