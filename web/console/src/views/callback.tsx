import { ElAlert, ElButton } from 'element-plus';
import { defineComponent, onMounted, ref } from 'vue';
import { useRouter } from 'vue-router';
import { useSession } from '../stores/session';

/** /console/callback: the issuer sends the browser back here with a code; it becomes tokens. */
export default defineComponent({
  name: 'SignInCallback',
  setup() {
    const session = useSession();
    const router = useRouter();
    const failure = ref<string>();

    onMounted(async () => {
      try {
        const returnTo = await session.finishSignIn(new URL(window.location.href));
        await router.replace(returnTo.startsWith('/') ? returnTo : '/');
      } catch (error) {
        failure.value = error instanceof Error ? error.message : String(error);
      }
    });

    return () => (
      <main class="callback">
        {failure.value ? (
          <>
            <ElAlert type="error" title="登录未完成" description={failure.value} closable={false} showIcon />
            <ElButton type="primary" onClick={() => session.signIn('/')}>
              重新登录
            </ElButton>
          </>
        ) : (
          <p role="status">正在登录…</p>
        )}
      </main>
    );
  },
});
