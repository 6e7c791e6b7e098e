import { defineComponent } from 'vue';

/**
 * A labelled form field: the label names the control by id (Element's inputs take `id` onto their
 * native element), so a screen reader and a click on the words both reach it. An error is said under
 * it (and announced); a required field is marked beside its label.
 */
export const Field = defineComponent({
  name: 'FormField',
  props: {
    id: { type: String, required: true },
    label: { type: String, required: true },
    error: { type: String, default: undefined },
    required: { type: Boolean, default: false },
  },
  setup(props, { slots }) {
    return () => (
      <div class={['field', props.error ? 'has-error' : '']}>
        {props.required ? (
          // The mark beside the label, not in it: the label's text stays the field's name.
          <span class="field-head">
            <label for={props.id}>{props.label}</label>
            <span class="field-required" aria-hidden="true">
              *
            </span>
          </span>
        ) : (
          <label for={props.id}>{props.label}</label>
        )}
        {slots.default?.()}
        {props.error && (
          <p class="field-error" role="alert">
            {props.error}
          </p>
        )}
      </div>
    );
  },
});
