import { ElAlert, ElButton, ElTabPane, ElTabs } from 'element-plus';
import { defineComponent, onMounted, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { DIRECTORY_TAB_TEXT } from '../../../../../shared/domain/labels';
import { CalendarTab } from './calendar-tab';
import { CategoriesTab, DepartmentsTab, DistrictsTab } from './entry-tabs';
import { LinesTab } from './lines-tab';
import { RulesTab } from './rules-tab';
import { useAdminDirectory } from './use-admin-directory';
import './admin.css';

type Tab = keyof typeof DIRECTORY_TAB_TEXT;
const TABS = Object.keys(DIRECTORY_TAB_TEXT) as Tab[];

/**
 * 目录与日历: the dispatch catalogue (单位, 诉求类别 with keywords, 区县, 派单规则), the hotline lines
 * (热线线路) and the holiday calendar, for administrators and supervisors. Every edit goes through the admin API in a dialog;
 * after a save the list is read again. The open tab lives in the URL, so a reload keeps it.
 */
export default defineComponent({
  name: 'AdminView',
  setup() {
    const route = useRoute();
    const router = useRouter();
    const { data, loading, error, reload } = useAdminDirectory();
    const tab = ref<Tab>(TABS.includes(route.query.tab as Tab) ? (route.query.tab as Tab) : 'rules');
    watch(tab, (t) => void router.replace({ query: t === 'rules' ? {} : { tab: t } }));
    onMounted(reload);

    const saved = () => void reload();

    const pane = (name: Tab) => {
      const d = data.value;
      if (!d) return null;
      switch (name) {
        case 'departments':
          return <DepartmentsTab directory={d} onSaved={saved} />;
        case 'categories':
          return <CategoriesTab directory={d} onSaved={saved} />;
        case 'districts':
          return <DistrictsTab directory={d} onSaved={saved} />;
        case 'rules':
          return <RulesTab directory={d} onSaved={saved} />;
        case 'lines':
          return <LinesTab directory={d} onSaved={saved} />;
        case 'calendar':
          return <CalendarTab storedYears={d.calendarYears} onSaved={saved} />;
      }
    };

    return () => (
      <section class="admin" aria-labelledby="admin-title">
        <header class="admin-head">
          <h1 id="admin-title">目录与日历</h1>
          <ElButton loading={loading.value} onClick={saved}>
            刷新
          </ElButton>
        </header>
        {error.value && (
          <ElAlert type="error" showIcon closable={false} title={error.value} class="admin-alert">
            <ElButton onClick={saved}>重试</ElButton>
          </ElAlert>
        )}
        {!data.value && loading.value && <p aria-live="polite">正在加载派单目录…</p>}
        {data.value && (
          <ElTabs v-model={tab.value}>
            {TABS.map((t) => (
              <ElTabPane key={t} label={DIRECTORY_TAB_TEXT[t]} name={t} lazy>
                {pane(t)}
              </ElTabPane>
            ))}
          </ElTabs>
        )}
      </section>
    );
  },
});
