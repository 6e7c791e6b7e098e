import { defineComponent } from 'vue';

// PLACEHOLDER (seam): the 派单 screen is built by its own slice.
export default defineComponent({
  name: 'DispatchView',
  setup() {
    return () => (
      <section aria-labelledby="dispatch-title">
        <h1 id="dispatch-title">派单</h1>
      </section>
    );
  },
});
