import './style.css';
import './disclosure.css';
import { loadDirectory } from './directory.js';
import { DisclosureForm } from './disclosure-form.js';
import { prefillFromLink, wireStatusLookup } from './status-lookup.js';
import { AppealForm } from './submit-form.js';
import { Uploads } from './uploads.js';
import { PhoneVerification } from './verification.js';

// The citizen page (GET /): submit an appeal, look a case up, apply for government information. Plain DOM, no framework, so it loads
// fast on a cheap phone over a weak connection (DESIGN §11).

const verification = new PhoneVerification();
const form = new AppealForm(verification, new Uploads());
const disclosure = new DisclosureForm();
wireStatusLookup();
// A notice's link names the case: its tracking number is filled in, the last four are typed.
prefillFromLink(window.location.search);

void loadDirectory().then((directory) => {
  if (!directory) return;
  verification.configure(directory);
  form.ready();
  disclosure.ready(directory);
});
