import { defineComponent } from 'vue';

// PLACEHOLDER (seam): the 督办 screen is built by its own slice.
export default defineComponent({
  name: 'SupervisionView',
  setup() {
    return () => (
      <section aria-labelledby="supervision-title">
        <h1 id="supervision-title">督办</h1>
      </section>
    );
  },
});
