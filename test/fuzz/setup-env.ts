import '../unit/setup-env.js';
import { FUZZ_ENV } from './env.js';

// The unit setup drops every variable the integration stack added to the main process, and the stack
// sets many of the names the fuzz project needs (tables, secrets, the SMS provider): its own values
// are put back after it, whoever set them first.
Object.assign(process.env, FUZZ_ENV);
