// Importing this registers every language's rules: for Node, and for the universal entry.
import { registerLanguages } from './languages.ts';
import { otherLanguages } from './languages/other.ts';

registerLanguages(otherLanguages);
