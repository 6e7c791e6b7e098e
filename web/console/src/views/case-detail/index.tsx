import { defineComponent } from 'vue';

// PLACEHOLDER (seam): the 工单详情 screen is built by its own slice.
export default defineComponent({
  name: 'CaseDetailView',
  setup() {
    return () => (
      <section aria-labelledby="case-detail-title">
        <h1 id="case-detail-title">工单详情</h1>
      </section>
    );
  },
});
