import { defineComponent } from 'vue';

// PLACEHOLDER (seam): the 坐席受理 screen is built by its own slice.
export default defineComponent({
  name: 'AgentView',
  setup() {
    return () => (
      <section aria-labelledby="agent-title">
        <h1 id="agent-title">坐席受理</h1>
      </section>
    );
  },
});
