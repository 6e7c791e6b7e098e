import { defineComponent } from 'vue';

// PLACEHOLDER (seam): the 承办 screen is built by its own slice.
export default defineComponent({
  name: 'DepartmentView',
  setup() {
    return () => (
      <section aria-labelledby="department-title">
        <h1 id="department-title">承办</h1>
      </section>
    );
  },
});
