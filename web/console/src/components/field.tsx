import { defineComponent } from 'vue';

/**
 * A labelled form field: the label names the control by id (Element's inputs take `id` onto their
 * native element), so a screen reader and a click on the words both reach it.
 */
export const Field = defineComponent({
  name: 'FormField',
  props: {
    id: { type: String, required: true },
    label: { type: String, required: true },
  },
  setup(props, { slots }) {
    return () => (
      <div class="field">
        <label for={props.id}>{props.label}</label>
        {slots.default?.()}
      </div>
    );
  },
});
