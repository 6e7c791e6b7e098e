import { ElResult } from 'element-plus';
import { defineComponent } from 'vue';
import { RouterLink } from 'vue-router';

export default defineComponent({
  name: 'NotFoundView',
  setup() {
    return () => (
      <ElResult icon="warning" title="页面不存在" subTitle="请从左侧菜单进入">
        {{ extra: () => <RouterLink to="/">返回首页</RouterLink> }}
      </ElResult>
    );
  },
});
