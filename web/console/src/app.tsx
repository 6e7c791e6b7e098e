import { ElButton, ElConfigProvider } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { defineComponent, ref } from 'vue';

export const App = defineComponent({
  name: 'App',
  setup() {
    const count = ref(0);
    return () => (
      <ElConfigProvider locale={zhCn}>
        <main>
          <h1>12345 工作台</h1>
          <ElButton type="primary" onClick={() => count.value++}>
            点击 {count.value}
          </ElButton>
        </main>
      </ElConfigProvider>
    );
  },
});
