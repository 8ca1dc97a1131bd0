/**
 * The label selector lexer and recursive-descent parser, ported from k8s.io/apimachinery
 * pkg/labels/selector.go so that the accepted language and every error message match kube.
 */
import { type LabelOperator, type LabelRequirement, labelKeyError, newRequirement } from './requirement.js';
import { SelectorError } from './validation.js';

type Token = 'eos' | 'id' | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(';

interface Item {
  readonly tok: Token;
  readonly lit: string;
}

const KEYWORDS: ReadonlySet<string> = new Set([')', ',', '!', '==', '=', '>', 'in', '<', '!=', 'notin', '(']);
const isKeyword = (s: string): s is Token => KEYWORDS.has(s);
const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => ch.length === 1 && '=!(),><'.includes(ch);
/** Go's lexer reads a 0 byte both at the end and for a NUL in the input. */
const END = '\0';

function lex(s: string): Item[] {
  let pos = 0;
  const read = (): string => (pos < s.length ? (s[pos++] ?? END) : END);
  const items: Item[] = [];
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    if (ch === END) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    let buffer = ch;
    if (isSpecial(ch)) {
      // longest run of special symbols that is still a token: "!=", "==", else one symbol
      for (let next = read(); next !== END; next = read()) {
        if (!isSpecial(next) || !isKeyword(buffer + next)) {
          pos--;
          break;
        }
        buffer += next;
      }
    } else {
      for (let next = read(); next !== END; next = read()) {
        if (isSpecial(next) || isWhitespace(next)) {
          pos--;
          break;
        }
        buffer += next;
      }
    }
    items.push({ tok: isKeyword(buffer) ? buffer : 'id', lit: buffer });
  }
}

type Context = 'keyAndOperator' | 'values';

const OPERATORS: ReadonlyMap<Token, LabelOperator> = new Map<Token, LabelOperator>([
  ['in', 'in'],
  ['=', '='],
  ['==', '=='],
  ['>', 'gt'],
  ['<', 'lt'],
  ['notin', 'notin'],
  ['!=', '!='],
]);

class Parser {
  private position = 0;
  private readonly items: readonly Item[];

  constructor(items: readonly Item[]) {
    this.items = items;
  }

  /** In value context the keywords "in" and "notin" are plain identifiers. */
  lookahead(context: Context): Item {
    const item = this.items[Math.min(this.position, this.items.length - 1)] ?? { tok: 'eos', lit: '' };
    return context === 'values' && (item.tok === 'in' || item.tok === 'notin')
      ? { tok: 'id', lit: item.lit }
      : item;
  }

  consume(context: Context): Item {
    const item = this.lookahead(context);
    this.position++;
    return item;
  }

  parse(): LabelRequirement[] | SelectorError {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead('values');
      if (tok === 'eos') return requirements;
      if (tok !== 'id' && tok !== '!') {
        return new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      const r = this.parseRequirement();
      if (r instanceof SelectorError) return new SelectorError(`unable to parse requirement: ${r.message}`);
      requirements.push(r);
      const after = this.consume('values');
      if (after.tok === 'eos') return requirements;
      if (after.tok !== ',')
        return new SelectorError(`found '${after.lit}', expected: ',' or 'end of string'`);
      const next = this.lookahead('values');
      if (next.tok !== 'id' && next.tok !== '!') {
        return new SelectorError(`found '${next.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): LabelRequirement | SelectorError {
    let { tok, lit } = this.consume('values');
    const negated = tok === '!';
    if (negated) ({ tok, lit } = this.consume('values'));
    if (tok !== 'id') return new SelectorError(`found '${lit}', expected: identifier`);
    const keyErr = labelKeyError(lit, '<nil>');
    if (keyErr !== undefined) return new SelectorError(keyErr);
    const next = this.lookahead('values').tok;
    if (negated) return newRequirement(lit, '!', []);
    if (next === 'eos' || next === ',') return newRequirement(lit, 'exists', []);
    const op = this.consume('keyAndOperator');
    const operator = OPERATORS.get(op.tok);
    if (operator === undefined) {
      return new SelectorError(`found '${op.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return values instanceof SelectorError ? values : newRequirement(lit, operator, values);
  }

  private parseValues(): string[] | SelectorError {
    const open = this.consume('values');
    if (open.tok !== '(') return new SelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead('values');
    if (tok === ')') {
      this.consume('values');
      return [''];
    }
    if (tok !== 'id' && tok !== ',')
      return new SelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (values instanceof SelectorError) return values;
    this.consume('values'); // the ')' that ended the list
    return values;
  }

  /** A comma-separated list of possibly empty identifiers, up to (not including) ")". */
  private parseIdentifiersList(): string[] | SelectorError {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume('values');
      if (tok === 'id') {
        values.add(lit);
        const next = this.lookahead('values');
        if (next.tok === ')') return [...values];
        if (next.tok !== ',') return new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (values.size === 0) values.add(''); // "(,"
        const next = this.lookahead('values').tok;
        if (next === ')') return [...values, '']; // ",)"
        if (next === ',') {
          this.consume('values');
          values.add(''); // ",,"
        }
      } else {
        return new SelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): string[] | SelectorError {
    const next = this.lookahead('values').tok;
    if (next === 'eos' || next === ',') return [''];
    const { tok, lit } = this.consume('values');
    return tok === 'id' ? [lit] : new SelectorError(`found '${lit}', expected: identifier`);
  }
}

/** Parses a label selector string into requirements in input order (unsorted). */
export function parseRequirements(selector: string): LabelRequirement[] | SelectorError {
  return new Parser(lex(selector)).parse();
}
