import { ElEmpty } from 'element-plus';
import { computed, defineComponent } from 'vue';
import { screensFor } from '../router/screens';
import { useSession } from '../stores/session';

/**
 * /console/: the router sends a role with screens to its first one; a role whose work is elsewhere
 * (an analyst's dashboard) lands here with the way there.
 */
export default defineComponent({
  name: 'HomeView',
  setup() {
    const session = useSession();
    const pages = computed(() =>
      session.user ? screensFor(session.user.role).filter((s) => s.external) : [],
    );
    return () => (
      <section aria-labelledby="home-title">
        <h1 id="home-title">欢迎使用 12345 工作台</h1>
        {pages.value.length === 0 ? (
          <ElEmpty description="当前账号没有可用的功能，请联系系统管理员分配角色" />
        ) : (
          <ul>
            {pages.value.map((p) => (
              <li key={p.name}>
                <a href={`${p.external}#token=${encodeURIComponent(session.tokenForPage() ?? '')}`}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  },
});
