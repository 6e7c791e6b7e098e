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
        <label for={props.id}>
          {/* One inline run: a dialog's labels stack their children (action-dialog.css). */}
          <span>
            {props.label}
            {props.required && (
              <span class="field-required" aria-hidden="true">
                {' *'}
              </span>
            )}
          </span>
        </label>
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
