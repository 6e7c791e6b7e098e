import { ElButton, ElConfigProvider, ElContainer, ElMenu, ElMenuItem } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { computed, defineComponent } from 'vue';
import { RouterView, useRoute } from 'vue-router';
import { ROLE_TEXT } from '../../../../shared/domain/labels';
import { useDirectoryNames } from '../composables/use-directory-names';
import { screensFor } from '../router/screens';
import { useSession } from '../stores/session';
import './basic-layout.css';
import './theme.css';

/** The shell every screen sits in: who is signed in, the role's menu, the screen. */
export default defineComponent({
  name: 'BasicLayout',
  setup() {
    const session = useSession();
    const route = useRoute();
    const { nameOf } = useDirectoryNames();
    const screens = computed(() => (session.user ? screensFor(session.user.role) : []));

    /** The dashboard is its own page: it takes the analyst's token from the fragment, never sent to a server. */
    const externalHref = (href: string) => {
      const token = session.config && session.user ? session.tokenForPage() : undefined;
      return token ? `${href}#token=${encodeURIComponent(token)}` : href;
    };

    return () => (
      <ElConfigProvider locale={zhCn}>
        <a class="skip-link" href="#main">
          跳到主要内容
        </a>
        <ElContainer class="shell" direction="vertical">
          <header class="el-header shell-header">
            <span class="brand">12345 工作台</span>
            {session.user && (
              <span class="who" data-testid="who">
                {session.user.name} · {ROLE_TEXT[session.user.role]}
                {session.user.departmentId ? ` · ${nameOf()('department', session.user.departmentId)}` : ''}
              </span>
            )}
            <ElButton class="sign-out" onClick={() => session.signOut()}>
              退出登录
            </ElButton>
          </header>
          <ElContainer>
            <nav class="shell-nav" aria-label="功能菜单">
              <ElMenu router defaultActive={String(route.name ?? '')}>
                {screens.value.map((s) =>
                  s.external ? (
                    // ElMenu is a menubar: an item of it is a menuitem (the <li> only holds it).
                    <li class="external" key={s.name} role="none">
                      <a role="menuitem" href={externalHref(s.external)}>
                        {s.title}
                      </a>
                    </li>
                  ) : (
                    <ElMenuItem key={s.name} index={s.name} route={{ name: s.name }}>
                      {s.title}
                    </ElMenuItem>
                  ),
                )}
              </ElMenu>
            </nav>
            <main id="main" class="el-main shell-main" tabindex={-1}>
              <RouterView />
            </main>
          </ElContainer>
        </ElContainer>
      </ElConfigProvider>
    );
  },
});
