// `npm start`: a scripted morning in a small contact center, in virtual time. Read scenario.ts alongside.
import { runQuickstart } from './scenario';

runQuickstart((line) => console.log(line));
