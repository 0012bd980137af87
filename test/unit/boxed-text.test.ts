import { describe, expect, it } from 'vitest';
import { blockLines, changedBlocks, drawSurface } from '../../src/demo/boxed-text.ts';
import { mrkdwnToTerminal } from '../../src/demo/mrkdwn-terminal.ts';
import { type LongWords, visibleWidth, wrap } from '../../src/demo/text-wrap.ts';

// The demo's terminal drawing of Block Kit: pure functions, so every rule is a row here.

const ESC = String.fromCharCode(27);
const names = { U0MIA: 'Mia', CAPPROVALS: '#approvals' };
const plain = { ansi: false, names };
const text = (t: string) => ({ type: 'mrkdwn', text: t });
const plainText = (t: string) => ({ type: 'plain_text', text: t });
const button = (label: string, style?: string) => ({ type: 'button', text: plainText(label), style });

describe('mrkdwn for a terminal', () => {
  it.each([
    ['bold, italics and strike lose their marks', '*bold* and _it_ and ~gone~', 'bold and it and gone'],
    ['a mention becomes @Name from the cast', 'asked by <@U0MIA>', 'asked by @Mia'],
    ['a mention the cast does not know keeps its id', 'by <@U0NOBODY>', 'by @U0NOBODY'],
    ['a link shows its text', 'see <https://neon.tech/docs|the docs>', 'see the docs'],
    ['a bare link shows its address', '<https://neon.tech>', 'https://neon.tech'],
    ['a mail link shows the address', '<mailto:a@example.com|a@example.com>', 'a@example.com'],
    ['a channel by id takes its cast name', 'in <#CAPPROVALS>', 'in #approvals'],
    ['a channel with a label keeps the label', 'in <#C0OTHER|general>', 'in #general'],
    ['a special mention', '<!here> look', '@here look'],
    ['a date shows its fallback', 'until <!date^1700000000^{date_short}|Nov 14>', 'until Nov 14'],
    ['escapes are decoded, once', 'a &lt;b&gt; &amp;amp; c', 'a <b> &amp; c'],
    ['an escaped angle is no link', '&lt;@U0MIA&gt;', '<@U0MIA>'],
    ['code loses its backticks, and its inside is no markup', 'run `*not bold*`', 'run *not bold*'],
    ['a code block keeps its lines', '```\nline one\nline &amp; two\n```', 'line one\nline & two'],
    ['bold around code', '*`/x help`*', '/x help'],
    ['emoji shortcodes are left out', ':thumbsup: Approved', 'Approved'],
    ['times are not emoji', 'at 09:00:00 UTC', 'at 09:00:00 UTC'],
    ['underscores inside words stay', 'snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['an unclosed mark stays', 'a *lonely star', 'a *lonely star'],
  ])('%s', (_what, input, expected) => {
    expect(mrkdwnToTerminal(input, plain)).toBe(expected);
  });

  it('styles with ANSI only when asked (a terminal)', () => {
    expect(mrkdwnToTerminal('*b* _i_', { ansi: true, names })).toBe(`${ESC}[1mb${ESC}[22m ${ESC}[3mi${ESC}[23m`);
    expect(mrkdwnToTerminal('*b* _i_', plain)).toBe('b i');
  });
});

describe('wrapping', () => {
  it.each<[string, string, number, LongWords, string[]]>([
    ['at spaces', 'aaa bbb ccc', 7, 'split', ['aaa bbb', 'ccc']],
    ['a line that fits stays whole', 'aaa bbb', 7, 'split', ['aaa bbb']],
    ['each newline starts a line', 'aa\n\nbb', 10, 'split', ['aa', '', 'bb']],
    ['a word wider than a line is split in a box, nothing lost', 'abcdefghij', 4, 'split', ['abcd', 'efgh', 'ij']],
    ['or keeps a line of its own outside one', 'go abcdefghij x', 4, 'overflow', ['go', 'abcdefghij', 'x']],
    [
      'a button label is never split',
      `x ${'[ Approve ]'.replaceAll(' ', '\u00a0')}`,
      12,
      'split',
      ['x', '[ Approve ]'],
    ],
  ])('%s', (_what, input, width, long, expected) => {
    expect(wrap(input, width, { long })).toEqual(expected);
  });

  it('gives the first line its own width (after a prefix, continued under a hanging indent)', () => {
    expect(wrap('aa bb cc dd', 5, { first: 8 })).toEqual(['aa bb cc', 'dd']);
    expect(wrap('abcdefghij', 3, { first: 5 })).toEqual(['abcde', 'fgh', 'ij']);
  });

  it('measures without styles and carries a style across a break', () => {
    const lines = wrap(`${ESC}[1maa bb${ESC}[22m`, 2);
    expect(lines.map(visibleWidth)).toEqual([2, 2]);
    expect(lines).toEqual([`${ESC}[1maa${ESC}[0m`, `${ESC}[1mbb${ESC}[22m`]);
  });
});

describe('blocks', () => {
  it.each<[string, unknown, number, string[]]>([
    ['a header', { type: 'header', text: plainText('Invitation request R-1') }, 40, ['Invitation request R-1']],
    [
      'a section: text, then its fields two to a row',
      {
        type: 'section',
        text: text('<@U0MIA> asks for *member*'),
        fields: [text('*Request*\n`R-1`'), text('*Asked*\ntoday'), text('*Email*\nmia@example.com')],
      },
      36,
      ['@Mia asks for member', 'Request            Asked', 'R-1                today', 'Email', 'mia@example.com'],
    ],
    [
      'a section with a button',
      { type: 'section', text: text('Your key'), accessory: button('Reveal key') },
      30,
      ['Your key', '[ Reveal key ]'],
    ],
    ['escaped user text, decoded', { type: 'section', text: text('&lt;script&gt; &amp; co') }, 30, ['<script> & co']],
    [
      'a context, its elements side by side',
      { type: 'context', elements: [text('one'), plainText('two'), { type: 'image', alt_text: 'logo' }] },
      30,
      ['one  two  [image: logo]'],
    ],
    [
      'buttons in a row',
      { type: 'actions', elements: [button('Approve', 'primary'), button('Deny', 'danger')] },
      30,
      ['[ Approve ] [ Deny ]'],
    ],
    [
      'buttons that do not fit wrap between buttons, never inside one',
      { type: 'actions', elements: [button('Approve'), button('Deny'), button('Ask again')] },
      22,
      ['[ Approve ] [ Deny ]', '[ Ask again ]'],
    ],
    [
      'a menu',
      { type: 'actions', elements: [{ type: 'external_select', placeholder: plainText('Search projects') }] },
      30,
      ['[ Search projects ▾ ]'],
    ],
    ['a divider', { type: 'divider' }, 5, ['─────']],
    [
      'an input: label, a field as wide as the box, its hint',
      {
        type: 'input',
        optional: true,
        label: plainText('Reason'),
        element: { type: 'plain_text_input', placeholder: plainText('why') },
        hint: plainText('Shown to the requester'),
      },
      24,
      ['Reason (optional)', '[ why                  ]', 'Shown to the requester'],
    ],
    ['an image', { type: 'image', image_url: 'https://x.io/a.png', alt_text: 'chart' }, 30, ['[image: chart]']],
    [
      'an unknown block names its type and keeps its text',
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'hello' }] }] },
      40,
      ['[rich_text block] hello'],
    ],
  ])('%s', (_what, block, width, expected) => {
    expect(blockLines(block, width, plain)).toEqual(expected);
  });

  it('draws a modal in a box exactly as wide as asked: title in the border, Close and Submit at the bottom', () => {
    const box = drawSurface(
      {
        title: plainText('Deny request'),
        submit: plainText('Deny'),
        close: plainText('Cancel'),
        blocks: [{ type: 'section', text: text('Deny *R-1*? The requester will see your reason.') }],
      },
      { ...plain, width: 30 },
    );
    expect(box).toEqual([
      '┌─ Deny request ─────────────┐',
      '│ Deny R-1? The requester    │',
      '│ will see your reason.      │',
      '│                            │',
      '│        [ Cancel ] [ Deny ] │',
      '└────────────────────────────┘',
    ]);
  });

  it('keeps every line of a message the box width, whatever its words', () => {
    const long = 'x'.repeat(100);
    const box = drawSurface(
      {
        blocks: [
          { type: 'header', text: plainText('A title') },
          { type: 'section', text: text(`a ${long} b`) },
        ],
      },
      { ...plain, width: 40 },
    );
    expect(new Set(box.map(visibleWidth))).toEqual(new Set([40]));
    expect(box.join('').replace(/[^x]/g, '')).toHaveLength(100);
  });

  it('draws a message without blocks from its text', () => {
    expect(drawSurface({ text: 'hi <@U0MIA>' }, { ...plain, width: 16 })).toEqual([
      '┌──────────────┐',
      '│ hi @Mia      │',
      '└──────────────┘',
    ]);
  });

  it('styles buttons and headers only for a terminal', () => {
    const ansi = { ansi: true, names };
    expect(blockLines({ type: 'actions', elements: [button('Approve', 'primary')] }, 30, ansi)).toEqual([
      `${ESC}[32m[ Approve ]${ESC}[39m`,
    ]);
    expect(blockLines({ type: 'header', text: plainText('T') }, 30, ansi)).toEqual([`${ESC}[1mT${ESC}[22m`]);
  });
});

describe('what changed in a message', () => {
  const a = ['header'];
  const b = ['asks'];
  it.each<[string, string[][], string[][], string[][] | undefined]>([
    ['nothing a person sees: nothing to print', [a, b], [a, b], undefined],
    [
      'the blocks from the first change, under ⋮',
      [a, b, ['[ Approve ]']],
      [a, b, ['Approved'], ['by Ada']],
      [['⋮', 'Approved'], ['by Ada']],
    ],
    ['blocks gone at the end: ⋮ alone', [a, b, ['[ Approve ]']], [a, b], [['⋮']]],
    ['a change at the top: all of it', [a, b], [['other'], b], [['other'], b]],
  ])('%s', (_what, before, after, expected) => {
    expect(changedBlocks(before, after)).toEqual(expected);
  });
});
