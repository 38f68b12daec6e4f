//! Markdown is given to pulldown-cmark in pieces cut where a fresh parse
//! gives the same events (so its tree never spans a large file): every
//! document must load to the same model whatever the piece size, one byte
//! (a cut at every top-level block that starts a line) or the whole text
//! at once. The blocks below are the ones that reach across blank lines
//! or look elsewhere: fences and HTML blocks left open, lists, quotes,
//! indented code, front matter that pulldown-cmark reads anywhere, link
//! reference definitions (duplicated, in any case) used before and after,
//! footnotes defined before, after and inside other notes.
//!
//! The random cases run 256 at a time; `PIECES_CASES=20000` runs more
//! (a rare mismatch was found at about 1 case in 6,000).

use camp_reader::load::parse_markdown_in_pieces;
use proptest::prelude::*;
use proptest::test_runner::Config;

#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "Para with [ref], [Ref][], [other][ref], [missing] and ![img][ref].",
    "[ref]: https://a.example/1 \"First\"",
    "[REF]: https://b.example/2",
    "[ref]:\n  https://c.example/3\n  'Title'",
    "[other]: /other",
    "Uses [other] and <https://auto.example> and *emph* **strong** ~~del~~ `code`.",
    "Notes[^n1] and[^N2] and [^none] and [^later].",
    "[^n1]: Note one, with [ref] and [^n2].",
    "[^n2]: Note two\n\n    continued, with [other].",
    "[^later]: A note defined late.\n    > quoted in it",
    "[^n1]: A second definition of n1 (the first wins).",
    "> [^inq]: a note in a quote",
    "Refers to [^inq] too.",
    "# Heading", "## Sub {#sub}", "Setext\n===", "Setext two\n---",
    "---", "***", "+++", "...", "---\ntitle: x\n---", "+++\ntitle = 'y'\n+++",
    "---\nnot front matter", "- - -",
    "```\ncode\n\nmore code\n```", "```\nunclosed\n\nstill code", "~~~rust\nfn x() {}\n~~~",
    "````\n```\nnested fence\n````",
    "    indented code\n\n    more of it",
    "- a\n- b\n\n- c", "1. x\n\n   y", "- nested\n  - deeper\n\n    para in deeper",
    "* [ ] task\n* [x] done",
    "> quote\n\n> quote two", "> lazy\ncontinued", "> ```\n> in quote\n\nafter",
    "<div>\n\nhtml *inside*\n\n</div>", "<!-- comment\n\nstill comment -->",
    "<pre>\n```\n</pre>", "<script>\n\nx\n\n</script>", "<table><tr><td>cell</td></tr></table>",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 |", "a | b\n--|--\nc | d",
    "Line with two spaces  \nhard break and a backslash\\\nbreak",
    "[link\ntext](https://x.example/ \"t\")",
    "Text [^n1]\n[^n2]: def right after text",
    "plain words here",
    "A long paragraph of plain words with `code` and *emphasis* and [ref] and a note[^n1] going on and on over several lines\nwith a soft break and **strong** words and <https://auto.example> and more words at its end",
    "Words then an *unclosed star and more words and words and more words to the end of it",
    "Words and words and words and words in a long setext heading line here\n===",
    "Words and words and a [link across\nlines and words](https://x.example/) and words after it",
    "Words, `a code span reaching over words and words` and then words again and again",
    "Words in a row and a | pipe here and words\n| not | a | table | start",
    "Words and words [^n2] words and words",
    // Tables cut between rows: header and delimiter read again before
    // the rows of the next piece, whatever the rows hold.
    "| h | `i` |\n|:--|--:|\n| 1 | *a* |\n| 2 | [ref] |\n| 3 |\n| 4 | b | extra |\n|5|\\|6|\n| [^n1] | <b>x</b> |\n| `|` | ~~s~~ |",
    "  | in | dented |\n  | --- | --- |\n  | a | b |\n  | c | d |\n  | e | f |",
    "a | b\n-|-\nrow without pipes\nc | d\n> a quote ends it",
    // Lines nested past the container cap, fed with the middle markers
    // dropped (the tree of one line of them is 150x the file).
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x",
    "1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. x",
    "> - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - x",
    "* 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > * 1) > x",
    "> - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - > - ",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - * x",
    "1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. - - -",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n  y\n- z",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n                                                                                                                                                                                                                                                                                                            y",
    ">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> x",
    "2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. 2. x",
    "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n> y",
    "| t |\n|---|\n| r1 |\n| r2 |\n# a heading ends it",
    "| t |\n|---|\n| r1 |\n| r2 |\n```\nfence ends it\n```",
    "| t |\n|---|\n| r1 |\n| r2 |\n- a list ends it",
    "Para before\n| a | b |\n| - | - |\n| 1 | 2 |\n| 3 | 4 |",
    "> | q | t |\n> |---|---|\n> | 1 | 2 |\n> | 3 | 4 |",
    "- | l | t |\n  |---|---|\n  | 1 | 2 |\n  | 3 | 4 |",
    "| r |\n|---|\n| 1 |\n|---|\n| 2 |\n=== |\n| 3 |",
    // References defined later (or never) in a long paragraph.
    "Words [a][ref] and [b][later] and [c][nowhere] and [d] and [later] words [e][ref] words [f][] more [g][later] end",
    "Words [x [y][later] z](/u) and [p][later] and ![i][later] words [q][later]",
    "[later]: /defined-late \"Late\"",
    // `_`, `*` and `~` runs that can never open (intraword, before a
    // space or a line end, three `~`) and ones that can, in long
    // paragraphs.
    "Words snake_case_name x___\nmore words_ and https://x.org/a___b/___ words __init__ end_",
    "Words a_b _c d_ e__f__ g * h ** i*j k ~~~ l ~ m~~ n_\n_o p_*q* words and words",
    "Words __a b__ and _a b_ and x__y__z and *a b* and a_\n_b c_ and words at the end",
    "Words ending in runs x___ y___\n___ z *** w ~~~ ___a words_ and *more* words",
    // No spaces: cut between closed constructs and after punctuation.
    "Tight[a](b)[c][ref]`d`e<br>f*g*h(**i**)j~~k~~l![m](n)o\\*p&amp;q&#38;r.s/t:u;v[^n1]w",
    "x.org/a.b,c;d:e!f?g'h\"i)j]k}l{m@n$o%p^q+r=s-t",
    "1.a[b](c)d", "#[e](f)g", "-[a](b)c", "+`a`b", "_[a](b)_c", "***a*b*", "a*b*(*c*)d",
    "w[a](b)\n---[d](e)f\n1.[g](h)i\n#`j`k", "a[b](c)d|e\n-|-\nf[g](h)", "x<b>y</b>z<br>w",
    "\"T\"[a](b)c", "[ref]:/u\n'T'[a](b)c", "&amp;x&#x26;y&copy;z",
    // Pieces starting with `[` or `<` where no label or HTML block can
    // start, at a backslash, or after spaces before markup; ATX headings
    // with no blank line before them.
    "<a>x<a>y<b>z</b>w<https://x.org/a><https://x.org/b>c <<d <e [[f [ [g ]h",
    "<div>x<p>y\\*\\*z\\*[ [a] [b]: /c [[d]] <a>\n<a>\n</a>x",
    "Para\n# one\n# two\n## three\n- item\n# four\n<div>\n# in html\n\n# after",
    // Lists and quotes of many items or blocks, cut between them: tight
    // and loose (a blank line between two items, or inside one, makes
    // the whole list loose), ordered, nested, with lazy lines, code,
    // HTML, tabs, tasks, notes and definitions inside, another marker
    // starting another list.
    "- a\n- b\n- c\n- d\n- e\n- f",
    "- a\n- b\n\n- c\n- d\n- e",
    "- a\n- b\n- c\n  \n  c2\n- d\n- e",
    "3. c\n4. d\n5. e\n10. j\n11. k",
    "1) a\n1) b\n\n1) c\n   1. d\n   2. e\n2) f",
    "- a\n  - b\n    - c\n- d\n  - e\n\n  - f\n- g",
    "- a\n  lazy a\nlazy too\n- b\n\n  para in b\n- c",
    "- ```\n  code\n\n  more\n  ```\n- after fence\n-\n  empty start\n- x\n  ```\n  open fence",
    "* [ ] t\n* [x] u\n\n* [ ] v\n* w",
    "* star\n* star2\n- dash\n- dash2\n+ plus\n+ plus2",
    "- a\n\n      indented code in item\n- b\n-     code at once\n- c",
    "-\ta\n-\tb\n  -\tc\n\t- d\n- e\t f",
    "- <b>open\n  - nested\n- x</b> y\n- <div>\n\n- z",
    "- a\n  > q\n  > r\n- b\n  # h\n- c\n> d",
    "- a [^n1]\n- b [ref]\n- [r2]: /in-item\n- c [r2]\n- [^n3]: note in item\n- d [^n3]",
    "- a\n- b\n---\n- c\n- d\n- - -\n- e",
    "- a\n- b\n  ---\n- c\n  ===\n- d",
    "  - a\n   - b\n - c\n- d\n    - e",
    "> a\n>\n> > b\n>\n> c\n>\n> - d\n>\n> e\n>\n> > f\n> > g",
    "> a\nlazy\n>\n> b\n>\n> ```\n> code\n>\n> ```\n>\n> c\n>\n>     code\n>\n>     more",
    "> [!NOTE]\n> alert\n>\n> more\n>\n> [!TIP]\n> not an alert\n>\n> end",
    ">\n> # h\n>\n> para\n>\n> - i\n>\n>   more i\n>\n> after",
    "> a\n>\n> <div>\n>\n> x\n>\n> </div>\n>\n> b\n>\n> | t |\n> |---|\n> | r |",
    "> a\n>\n> b\n\n> c\n>\n> d",
    ">a\n>\n>b\n >\n > c\n>\t\n>\td\n>\n>e",
    // Loose lists (a blank line between items, or between two blocks of
    // one item), checklists (a task marker alone keeps no paragraph),
    // lists in quotes and quotes in lists, items of code and blank lines,
    // lazy lines: cut between items, each piece's looseness read by
    // pulldown-cmark with the item before it.
    "- a\n\n- b\n\n- c\n\n- d\n\n- e",
    // One item of many blocks, and fences, cut inside: the piece from
    // the cut re-opens the item (its marker alone) and the fence.
    "- a\n\n  b\n\n  c *d*\n\n  - e\n\n  > f\n\n  ```x\n  g\n\n  h\n  ```\n\n      i\n\n  j\n- k",
    "1. a\n\n   ~~~~\n   b\n     c\n   ~~~\n   ~~~~\n\n   d\n\n2. e",
    "-   a\n\n    b\n\n     c\n\n    ```\n    d\n   e\n\nf",
    "```rust\na\n\n  b\n\n```not\n``\n```\n\n~~~\nc\n\n~~~~",
    "- [ ] a\n\n  b\n  lazy\nlazier\n\n  ```\n  c\n\n  d",
    "- a\nlazy one\nlazy two\n  three\nfour *x\nfive* six\n  ===\nseven\n- b\neight\n    nine\n1. ten",
    "1. a\n\n   b\n\n2. c\n\n   d\n\n3. e",
    "- [ ] a\n\n- [ ] b\n\n- [x]\n\n- [ ]\n  c\n\n- [x] d\n- [ ] e",
    "- [ ]\n\n- [x]\n\n- [ ]\n- [x]",
    "- a\n- [x]\n- b\n\n- c",
    "> - a\n> - b\n>\n> - c\n> - d\n> - e",
    "> > > - a\n> > > - b\n> > > - c",
    "- > a\n  > b\n\n- > c\n- > d\n- > e",
    "- a\nlazy\nlazy two\n- b\nlazy three\n- c",
    "- a\n\n  para\n\n  para two\n\n  ```\n  code\n\n  code\n  ```\n- b",
    "- a\n  ```\n  x\n\n  y\n  ```\n- b\n- c",
    "* a\n\n  > q\n  >\n  > r\n* b\n* c",
    "- a\n\n\n- b\n- c",
    "-\n  a\n\n- b\n-\n\n  c\n- d",
    "- a\n  - b\n\n  - c\n- d\n- e",
    "- a\n    code\n\n      more\n- b",
    "> - a\n>   ```\n>   code\n>\n>   more\n>   ```\n> - b\n> - c",
    "> - a\n> lazy\n> - b\nlazy too\n> - c\n\n> - d",
    "> 1. a\n> 2. b\n>\n>    para\n> 3. c\n> 4. d",
    "> - a\n> > q\n> - b\n> - c",
    ">> - a\n>> - b\n> - c\n> - d",
    "> * a\n> - b\n> - c\n> - [ ] d\n>\n> - [x]\n> after",
    "> - a\n>\n> - b\n>     code\n> - c",
    // Definitions whose titles span lines, one after another.
    "[t1]: /t1\n\"title words\nmore words\"\n[t2]: /t2\n'a b\nc d\ne f'\n[t3]: /t3\n(p q\nr s)\nUses [t1], [t2] and [t3].",
    // Top-level blocks with no blank line between.
    "- a\n* b\n+ c\n1. d\n1) e\n> f\n- g\n***\nh\n===\ni\n---\n> j\nlazy",
    "",
];

fn config() -> Config {
    Config {
        cases: std::env::var("PIECES_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..Config::default()
    }
}

fn blocks() -> impl Strategy<Value = String> {
    let block = prop::sample::select(BLOCKS).prop_map(str::to_string);
    let sep = prop::sample::select(&["\n", "\n\n", "\n\n\n", "\n \n"][..]);
    prop::collection::vec((block, sep), 1..24).prop_map(|v| {
        v.into_iter()
            .map(|(b, s)| format!("{b}{s}"))
            .collect::<String>()
    })
}

/// Any mixture of syntax, as the safety proptest makes.
fn tokens() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => prop::sample::select(crate::markdown_props::PIECES).prop_map(str::to_string),
        2 => prop::sample::select(BLOCKS).prop_map(str::to_string),
        1 => "[a-z ]{1,12}",
    ];
    prop::collection::vec(piece, 1..60).prop_map(|v| v.concat())
}

fn same_in_pieces(md: &str) -> Result<(), TestCaseError> {
    let whole = parse_markdown_in_pieces("p.md", "p", md, usize::MAX);
    for piece in [1, 12, 24, 200] {
        let cut = parse_markdown_in_pieces("p.md", "p", md, piece);
        match (&whole, &cut) {
            (Ok(w), Ok(c)) => prop_assert_eq!(w, c, "piece {}: {:?}", piece, md),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "piece {piece}: one failed: {md:?}"),
        }
    }
    Ok(())
}

/// Lines of blocks that may follow one another with no blank line
/// between: list items of every marker (indented 0–3 spaces or a tab,
/// empty, loose, task items), quotes, lazy and indented lines, thematic
/// breaks and setext underlines, fences, HTML blocks, footnotes,
/// definitions, headings, tables.
#[rustfmt::skip]
const LINES: &[&str] = &[
    "- a", "* b", "+ c", "1. d", "1) e", "2. f", "3) g", "-", "*", "1.", "- [ ] t", "* [x] u",
    " - a", "  * b", "   + c", "\t- a", " 1. d", "  1) e", "-\tb", "- - x", "* * y", "1. - z",
    "  - nested", "    - deep", "  more", "   more", "    code", "\tcode",
    "> a", ">", "> - b", " > c", "   > d", ">> e", "> > - f", "> ```", ">     code",
    "lazy", "para text", "x", "Words and words",
    "***", "---", "___", "* * *", "- - -", " ***", "   ---", "***x", "===", "=", "--", " ==",
    "```", "~~~", "```rust", "  ```", "````",
    "<div>", "</div>", "<!-- c -->", "<!--", "-->", "<pre>", "</pre>", "<b>", "<x-y>",
    "[^n]: note", "[^n]", "Text[^n].", "    more note", "[^m]: - item",
    "[r]: /u", "\"t\"", "[r]", "# h", "## h2", "#", "| a | b |", "|---|---|", "a | b",
    "---\nk: v\n---", "+++",
];

/// Documents of lines from [`LINES`], mostly with no blank line between.
fn adjacent_blocks() -> impl Strategy<Value = String> {
    let line = prop::sample::select(LINES);
    let sep = prop::sample::select(&["\n", "\n", "\n", "\n", "\n", "\n\n"][..]);
    prop::collection::vec((line, sep), 1..40)
        .prop_map(|v| v.into_iter().map(|(l, s)| format!("{l}{s}")).collect())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn adjacent_blocks_load_the_same_in_pieces(md in adjacent_blocks()) {
        same_in_pieces(&md)?;
    }

    #[test]
    fn documents_of_blocks_load_the_same_in_pieces(md in blocks()) {
        same_in_pieces(&md)?;
    }

    #[test]
    fn arbitrary_markdown_loads_the_same_in_pieces(md in tokens()) {
        same_in_pieces(&md)?;
    }
}

/// Link reference definitions whose titles span two or three lines, one
/// after another with no blank line: a cut inside a title (its closer
/// past the window) made every definition after it text.
#[test]
fn definitions_with_titles_over_lines_load_the_same_in_pieces() {
    for (open, close) in [('"', '"'), ('\'', '\''), ('(', ')')] {
        for lines in 2..=3 {
            let title = vec!["title words"; lines].join("\n");
            let mut md = String::from("\n\n");
            for i in 0..100 {
                md.push_str(&format!("[r{i}]: /u{i}\n{open}{title}{close}\n"));
            }
            md.push_str("[r0] [r99]\n");
            let whole = parse_markdown_in_pieces("p.md", "p", &md, usize::MAX).expect("loads");
            for piece in [1, 12, 500] {
                let cut = parse_markdown_in_pieces("p.md", "p", &md, piece).expect("loads");
                assert_eq!(
                    whole, cut,
                    "piece {piece}, {open}{close} over {lines} lines"
                );
            }
            assert_eq!(whole.links.len(), 2, "{md:?}");
        }
    }
}

/// The cases that show what each rule of the cut is for.
#[test]
fn the_cases_the_rules_are_for() {
    for md in [
        // A list item `- - - … x` cut short by a window's end reads as a
        // rule, no item of the list before it.
        "- c\n\n- - - - - - - - - - - - - - - - - - - - - - - - x\n  y\n- z\n",
        // A window ending right after a line's `#`: an empty heading
        // there, where the whole text goes on with no heading.
        "[^n]: note\n#[e](f)g- ",
        "Words and a [link across\nlines](https://x.example/) and more\n#[e](f)g\n",
        // A reference used in one piece, defined in a later one, defined
        // again (the first wins) in another.
        "Use [a] here.\n\nx\n\n[a]: /second-piece\n\ny\n\n[A]: /third\n\nAnd [a] again.\n",
        // Footnotes referenced before and after their piece.
        "One[^x].\n\nTwo.\n\n[^x]: the note[^y]\n\nThree[^y].\n\n[^y]: second\n",
        // Front matter pulldown-cmark reads anywhere, its end far away.
        "Start.\n\n---\ntitle: t\n\nblank lines inside\n\n---\n\nEnd.\n",
        // A fence left open swallows every later block.
        "A.\n\n```\ncode\n\nB.\n\nC.\n",
        // A list continued after a blank line.
        "- a\n\n- b\n\n  more b\n\nafter\n",
        // A window ending inside an inline link's address: its `[…]` is
        // not read as a reference link, which would allow a cut inside.
        "aa</pre></pre>[link\ntext](https://x.example/ \"t\")------- - ",
        // A tight list item's `+++` that the whole text reads as front
        // matter (closed far below), in a window that ends before its
        // closing line: there it is the item's text, not a block.
        "plain words here\n- +++\nx\n\n+++",
        // A paragraph after a definition that starts like a title: cut
        // right after the closing quote, the piece's definition would
        // take it as its title.
        "[ref]:\n  https://c.example/3\n  'Title'  ***Para with [ref], [Ref][], [other][ref], [missing] and ![img][ref].",
        "[ref]: /u\n\"Title\"   more words after the title here",
        "[ref]: /u\n(Title \\) more) more words after the title here",
        "[ref]:\n  https://x.example/a\n  'Title' more words here and more",
        // A paragraph that reads as a definition when cut short.
        "[ref]:\nhttps://x.example/a more words here and more words",
        // A table cut between its rows ends in the piece that goes on
        // with it, before another table cut between rows: its end is
        // told (a `<br>` after it was taken for one in a cell).
        "| t |\n|---|\n| r1 |\n| r2 |\n# h\nTight`d`e<br>f\nRefers to [^inq] too.\n| h | `i` |\n|:--|--:|\n| 1 | *a* |\n| 2 | [ref] |\n| 3 |\n| 4 | b | extra |\n|5|\\|6|\n",
        // An escaped `~` before a run: the run is two, and may open.
        " \\~~~plain words here~~# ",
        // A footnote's label the window does not define is one piece.
        "One[^x-y].\n\n[^x-y]: n\n",
        "One[^x y] z.\n\n[^x y]: n\n",
        // CR-only line endings: pulldown-cmark looks for a backquote
        // after a fence's opening to the next `\n`, past every `\r`, so
        // a piece's end before that backquote made a fence of a table row
        // (found at 10,000 cases) or of a paragraph.
        "t |\r|-|\r| ]\r\n```---  \r`> ",
        "| t |\r|---|\r| r1 |\r```x\r| r2 |\r`\r",
        "```\r\r``",
        "```\r\r`\n\n",
    ] {
        same_in_pieces(md).unwrap();
    }
}

/// A table whose header ends in CR LF over a short delimiter row (attack
/// C): a window ending inside the delimiter row took the empty "line"
/// between CR and LF for the header's next, and cut the header from it
/// (a paragraph at pieces 1–4).
#[test]
fn a_crlf_table_header_is_not_cut_from_its_delimiter_row() {
    for md in [
        "a|b\r\n-|-\r\n",
        "a | b\r\n-|-\r\n",
        "a|b\r\n|-|-|\r\n",
        "a|b\r\n:-|-\r\n",
        "x\r\n\r\na|b\r\n-|-\r\n",
        "\r\n\r\na | b\r\n|---|---|\r\n\r\n3) three",
    ] {
        let whole = parse_markdown_in_pieces("p.md", "p", md, usize::MAX).expect("loads");
        assert_eq!(whole.tables.len(), 1, "{md:?}");
        for piece in 1..=8 {
            let cut = parse_markdown_in_pieces("p.md", "p", md, piece).expect("loads");
            assert_eq!(whole, cut, "piece {piece}: {md:?}");
        }
    }
}
