import { defineComponent } from 'vue';

// PLACEHOLDER (seam): the 目录与日历 screen is built by its own slice.
export default defineComponent({
  name: 'AdminView',
  setup() {
    return () => (
      <section aria-labelledby="admin-title">
        <h1 id="admin-title">目录与日历</h1>
      </section>
    );
  },
});
