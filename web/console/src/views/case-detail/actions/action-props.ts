import type { Component, PropType } from 'vue';
import type { StaffCase } from '../../../api/types';

// The contract of one action on the case page: a component that takes the case and says when it is
// done (with the updated case), closed, or wants the case reloaded (after a 409). To add an action
// (a supervisor's, a dispatcher's): one file here and one row in index.ts.

export const actionProps = {
  kase: { type: Object as PropType<StaffCase>, required: true },
} as const;

export const actionEmits = {
  done: (_kase: StaffCase) => true,
  close: () => true,
  reload: () => true,
};

export interface ActionEntry {
  /** The button's words (ACTION_TEXT, or a clearer verb for the button). */
  readonly label: string;
  readonly tone?: 'primary' | 'danger' | 'default';
  readonly component: Component;
}
