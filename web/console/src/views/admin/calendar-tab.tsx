import { ElAlert, ElButton, ElInput, ElOption, ElSelect, ElTable, ElTableColumn } from 'element-plus';
import { computed, defineComponent, onMounted, type PropType, ref, shallowRef, watch } from 'vue';
import { WEEKDAY_TEXT } from '../../../../../shared/domain/labels';
import { type CalendarYear, calendarYear, putCalendarYear } from '../../api/directory';
import { ApiError } from '../../api/http';
import { calendarBody, calendarFormOf, type FormErrors, formErrorsOf, holidayDays } from './admin-form';
import { describedBy, EditDialog, FormRow } from './edit-dialog';

const CALENDAR_FIELDS = ['holidays', 'makeUpWorkdays', 'source'] as const;

function weekdayOf(date: string): string {
  return WEEKDAY_TEXT[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
}

/** One year's 节假日安排 in a dialog: holidays a line each, make-up working days as a date list. */
const CalendarDialog = defineComponent({
  name: 'CalendarDialog',
  props: {
    year: { type: Number, required: true },
    stored: { type: Object as PropType<CalendarYear>, default: undefined },
  },
  emits: { done: () => true, close: () => true },
  setup(props, { emit }) {
    const form = ref(calendarFormOf(props.stored));
    const errors = ref<Record<string, string>>({});

    async function submit(): Promise<FormErrors | undefined> {
      const body = calendarBody(props.year, form.value);
      if (!body.ok) {
        errors.value = body.errors;
        return { fields: body.errors };
      }
      try {
        await putCalendarYear(props.year, body.value);
        errors.value = {};
        return undefined;
      } catch (e) {
        const refused = formErrorsOf(e, CALENDAR_FIELDS, body.value as unknown as Record<string, unknown>);
        errors.value = refused.fields;
        return refused;
      }
    }

    return () => (
      <EditDialog
        title={`${props.stored ? '编辑' : '录入'} ${props.year} 年节假日安排`}
        submit={submit}
        onDone={() => emit('done')}
        onClose={() => emit('close')}
      >
        <FormRow
          id="cal-holidays"
          label="放假安排（每行一个假期）"
          error={errors.value.holidays}
          hint="格式：名称 开始日期 [结束日期]，如“春节 2027-02-06 2027-02-13”；单日假期只写一个日期。Ctrl+Enter 保存"
        >
          <ElInput
            id="cal-holidays"
            type="textarea"
            rows={8}
            v-model={form.value.holidays}
            aria-describedby={describedBy('cal-holidays', errors.value.holidays, true)}
          />
        </FormRow>
        <FormRow
          id="cal-makeup"
          label="调休上班日"
          error={errors.value.makeUpWorkdays}
          hint="需上班的周六或周日，用空格或逗号分隔，如 2027-02-07 2027-02-20"
        >
          <ElInput
            id="cal-makeup"
            v-model={form.value.makeUpWorkdays}
            aria-describedby={describedBy('cal-makeup', errors.value.makeUpWorkdays, true)}
          />
        </FormRow>
        <FormRow id="cal-source" label="依据（通知名称或文号）" error={errors.value.source}>
          <ElInput
            id="cal-source"
            v-model={form.value.source}
            aria-describedby={describedBy('cal-source', errors.value.source)}
          />
        </FormRow>
      </EditDialog>
    );
  },
});

/**
 * 节假日安排: pick a year, see what the calendar holds for it (GET /v1/admin/calendar/{year}) or that
 * nothing was entered, and enter or edit it. Deadlines count working days by this data.
 */
export const CalendarTab = defineComponent({
  name: 'CalendarTab',
  props: { storedYears: { type: Array as PropType<readonly number[]>, required: true } },
  emits: { saved: () => true },
  setup(props, { emit }) {
    const thisYear = new Date().getFullYear();
    const year = ref(thisYear);
    const stored = shallowRef<CalendarYear>();
    const state = ref<'loading' | 'loaded' | 'absent' | 'error'>('loading');
    const error = ref<string>();
    const editing = ref(false);

    const years = computed(() =>
      [...new Set([...props.storedYears, thisYear - 1, thisYear, thisYear + 1, thisYear + 2])].sort(
        (a, b) => a - b,
      ),
    );

    async function load(): Promise<void> {
      const asked = year.value;
      state.value = 'loading';
      try {
        const answer = await calendarYear(asked);
        if (asked !== year.value) return;
        stored.value = answer;
        state.value = 'loaded';
      } catch (e) {
        if (asked !== year.value) return;
        stored.value = undefined;
        if (e instanceof ApiError && e.code === 'calendar_not_found') state.value = 'absent';
        else {
          error.value = e instanceof ApiError ? e.message : '网络异常，日历未能加载';
          state.value = 'error';
        }
      }
    }
    onMounted(load);
    watch(year, load);

    const days = (list: readonly { from: string; to: string }[]) =>
      list.reduce((n, h) => n + holidayDays(h), 0);

    const body = () => {
      switch (state.value) {
        case 'loading':
          return <p aria-live="polite">正在读取 {year.value} 年的节假日安排…</p>;
        case 'error':
          return (
            <ElAlert type="error" showIcon closable={false} title={error.value} class="admin-alert">
              <ElButton onClick={() => void load()}>重试</ElButton>
            </ElAlert>
          );
        case 'absent':
          return (
            <div class="admin-empty" data-testid="calendar-empty">
              <p>尚未录入 {year.value} 年的节假日安排：该年的办理期限只跳过周末，不跳过法定节假日。</p>
              <p>国务院办公厅每年年底前发布次年安排，发布后请及时录入。</p>
              <ElButton type="primary" onClick={() => (editing.value = true)}>
                录入 {year.value} 年安排
              </ElButton>
            </div>
          );
        default: {
          const y = stored.value as CalendarYear;
          return (
            <div>
              <p class="calendar-source">依据：{y.source}</p>
              <div class="calendar-grid">
                <section aria-labelledby="cal-holidays-title">
                  <h2 id="cal-holidays-title">
                    放假安排（{y.holidays.length} 个假期，共 {days(y.holidays)} 天）
                  </h2>
                  <ElTable data={[...y.holidays]} emptyText="无放假安排" stripe>
                    <ElTableColumn label="假期" prop="name" />
                    <ElTableColumn label="开始" width={140}>
                      {{
                        default: ({ row }: { row: { from: string } }) => `${row.from} ${weekdayOf(row.from)}`,
                      }}
                    </ElTableColumn>
                    <ElTableColumn label="结束" width={140}>
                      {{ default: ({ row }: { row: { to: string } }) => `${row.to} ${weekdayOf(row.to)}` }}
                    </ElTableColumn>
                    <ElTableColumn label="天数" width={70}>
                      {{
                        default: ({ row }: { row: { from: string; to: string } }) => String(holidayDays(row)),
                      }}
                    </ElTableColumn>
                  </ElTable>
                </section>
                <section aria-labelledby="cal-makeup-title">
                  <h2 id="cal-makeup-title">调休上班日（{y.makeUpWorkdays.length} 天）</h2>
                  <ElTable data={y.makeUpWorkdays.map((d) => ({ date: d }))} emptyText="无调休上班日" stripe>
                    <ElTableColumn label="日期" prop="date" />
                    <ElTableColumn label="星期" width={90}>
                      {{ default: ({ row }: { row: { date: string } }) => weekdayOf(row.date) }}
                    </ElTableColumn>
                  </ElTable>
                </section>
              </div>
              <div class="admin-toolbar">
                <ElButton type="primary" onClick={() => (editing.value = true)}>
                  编辑 {year.value} 年安排
                </ElButton>
              </div>
            </div>
          );
        }
      }
    };

    return () => (
      <div>
        <div class="admin-toolbar">
          <FormRow id="cal-year" label="年份">
            <ElSelect id="cal-year" v-model={year.value} aria-describedby={describedBy('cal-year')}>
              {years.value.map((y) => (
                <ElOption
                  key={y}
                  value={y}
                  label={props.storedYears.includes(y) ? `${y} 年（已录入）` : `${y} 年（未录入）`}
                />
              ))}
            </ElSelect>
          </FormRow>
        </div>
        {body()}
        {editing.value && (
          <CalendarDialog
            year={year.value}
            stored={stored.value}
            onDone={() => {
              emit('saved');
              void load();
            }}
            onClose={() => (editing.value = false)}
          />
        )}
      </div>
    );
  },
});
