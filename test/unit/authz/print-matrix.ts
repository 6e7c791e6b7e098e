// Prints the authorisation matrix as the Markdown table of docs/reliability.md.
import { authzMarkdown } from './markdown.js';

console.log(authzMarkdown());
