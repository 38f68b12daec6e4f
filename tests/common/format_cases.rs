//! Documents the format refuses, shared by the loader's tests
//! (`load_errors.rs`: each is an error at this line and column, naming
//! this) and the schema's (`schema.rs`: the printed JSON Schema rejects
//! each too), so the schema and the loader cannot drift apart. Every
//! unknown key, every key of the wrong type, every missing required key,
//! sections nested too deep, and every value the schema can say is wrong
//! belongs here.

/// A document the loader refuses, and where and why.
pub struct Refused {
    pub what: &'static str,
    pub text: &'static str,
    /// LINE:COLUMN of the error.
    pub line: usize,
    pub column: usize,
    /// Fragments the message names.
    pub names: &'static [&'static str],
    /// What the excerpt shows from the caret on.
    pub at: &'static str,
}

const fn refused(
    what: &'static str,
    text: &'static str,
    (line, column): (usize, usize),
    names: &'static [&'static str],
    at: &'static str,
) -> Refused {
    Refused {
        what,
        text,
        line,
        column,
        names,
        at,
    }
}

pub const REFUSED: &[Refused] = &[
    // ---- unknown keys, in each place ----
    refused(
        "unknown top-level key",
        "titel = \"x\"\n[[sections]]\ntitle = \"y\"\n",
        (1, 1),
        &[
            "unknown field `titel`",
            "at the top level",
            "`title`",
            "`subtitle`",
            "`markup`",
            "`source`",
            "`sections`",
        ],
        "titel",
    ),
    refused(
        "unknown section key",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n  titel = \"z\"\n",
        (4, 3),
        &[
            "unknown field `titel`",
            "in a section",
            "`title`",
            "`id`",
            "`body`",
            "`links`",
            "`sections`",
        ],
        "titel",
    ),
    refused(
        "unknown key in an inline subsection",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nsections = [{ title = \"z\", titel = 2 }]\n",
        (4, 28),
        &["unknown field `titel`", "in a section"],
        "titel",
    ),
    refused(
        "unknown source key",
        "title = \"x\"\n[source]\nnam = \"W\"\n[[sections]]\ntitle = \"y\"\n",
        (3, 1),
        &["unknown field `nam`", "in [source]", "`name`", "`license`"],
        "nam",
    ),
    refused(
        "unknown link key",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n[[sections.links]]\ntext = \"t\"\nhref = \"h\"\n",
        (6, 1),
        &["unknown field `href`", "in a link", "`text`", "`url`"],
        "href",
    ),
    refused(
        "unknown key holding nested arrays",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\na = [[[1]]]\n",
        (4, 1),
        &["unknown field `a`"],
        "a = ",
    ),
    // ---- wrong types, one for each key ----
    refused(
        "title a number",
        "title = 3\n[[sections]]\ntitle = \"y\"\n",
        (1, 9),
        &["invalid type", "integer", "expected a string"],
        "3",
    ),
    refused(
        "subtitle a number",
        "title = \"x\"\nsubtitle = 3\n[[sections]]\ntitle = \"y\"\n",
        (2, 12),
        &["invalid type", "expected a string"],
        "3",
    ),
    refused(
        "markup not a name",
        "title = \"x\"\nmarkup = \"html\"\n[[sections]]\ntitle = \"y\"\n",
        (2, 10),
        &["unknown variant `html`", "`plain` or `markdown`"],
        "\"html\"",
    ),
    refused(
        "markup a number",
        "title = \"x\"\nmarkup = 3\n[[sections]]\ntitle = \"y\"\n",
        (2, 10),
        &["invalid type", "`plain` or `markdown`"],
        "3",
    ),
    refused(
        "markup a boolean",
        "title = \"x\"\nmarkup = true\n[[sections]]\ntitle = \"y\"\n",
        (2, 10),
        &["invalid type", "`plain` or `markdown`"],
        "true",
    ),
    refused(
        "source a string",
        "title = \"x\"\nsource = \"s\"\n[[sections]]\ntitle = \"y\"\n",
        (2, 10),
        &["invalid type", "expected a [source] table"],
        "\"s\"",
    ),
    refused(
        "a source key a number",
        "title = \"x\"\n[source]\nname = 3\n[[sections]]\ntitle = \"y\"\n",
        (3, 8),
        &["invalid type", "expected a string"],
        "3",
    ),
    refused(
        "sections a string",
        "title = \"x\"\nsections = \"none\"\n",
        (2, 12),
        &["invalid type", "sequence"],
        "\"none\"",
    ),
    refused(
        "a section a number",
        "title = \"x\"\nsections = [3]\n",
        (2, 13),
        &["invalid type", "expected a section (a table)"],
        "3",
    ),
    refused(
        "section title a number",
        "title = \"x\"\n[[sections]]\ntitle = 3\n",
        (3, 9),
        &["invalid type", "expected a string"],
        "3",
    ),
    refused(
        "id a number",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nid = 3\n",
        (4, 6),
        &["invalid type", "expected a string"],
        "3",
    ),
    refused(
        "body a number",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nbody = 3\n",
        (4, 8),
        &["invalid type", "expected a string"],
        "3",
    ),
    refused(
        "body a list of lines",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nbody = [\"a\", \"b\"]\n",
        (4, 8),
        &["invalid type", "expected a string"],
        "[",
    ),
    refused(
        "links a string",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nlinks = \"l\"\n",
        (4, 9),
        &["invalid type", "sequence"],
        "\"l\"",
    ),
    refused(
        "a link a string",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nlinks = [\"z\"]\n",
        (4, 10),
        &["invalid type", "expected a link (a table)"],
        "\"z\"",
    ),
    refused(
        "link text a number",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n[[sections.links]]\ntext = 3\n",
        (5, 8),
        &["invalid type", "expected a string"],
        "3",
    ),
    refused(
        "link url a number",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n[[sections.links]]\ntext = \"t\"\nurl = 3\n",
        (6, 7),
        &["invalid type", "expected a string"],
        "3",
    ),
    refused(
        "subsections a string",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nsections = \"z\"\n",
        (4, 12),
        &["invalid type", "sequence"],
        "\"z\"",
    ),
    // ---- required keys missing ----
    refused(
        "no title",
        "[[sections]]\ntitle = \"y\"\n",
        (1, 1),
        &["missing field `title`"],
        "[[sections]]",
    ),
    refused(
        "no sections",
        "title = \"x\"\n",
        (1, 1),
        &["missing field `sections`"],
        "title",
    ),
    refused(
        "a section without a title",
        "title = \"x\"\n[[sections]]\nbody = \"b\"\n",
        (2, 1),
        &["missing field `title`"],
        "[[sections]]",
    ),
    refused(
        "a link without text",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n[[sections.links]]\nurl = \"https://example.org\"\n",
        (4, 1),
        &["missing field `text`"],
        "[[sections.links]]",
    ),
    refused(
        "an inline link without text",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nlinks = [{ url = \"u\" }]\n",
        (4, 10),
        &["missing field `text`"],
        "{ url",
    ),
    // ---- nesting ----
    refused(
        "sections nested 9 levels deep",
        "title = \"deep\"\n[[sections]]\ntitle = \"level 1\"\n[[sections.sections]]\ntitle = \"level 2\"\n[[sections.sections.sections]]\ntitle = \"level 3\"\n[[sections.sections.sections.sections]]\ntitle = \"level 4\"\n[[sections.sections.sections.sections.sections]]\ntitle = \"level 5\"\n[[sections.sections.sections.sections.sections.sections]]\ntitle = \"level 6\"\n[[sections.sections.sections.sections.sections.sections.sections]]\ntitle = \"level 7\"\n[[sections.sections.sections.sections.sections.sections.sections.sections]]\ntitle = \"level 8\"\n[[sections.sections.sections.sections.sections.sections.sections.sections.sections]]\ntitle = \"level 9\"\n",
        (18, 1),
        &["nest too deep", "at most 8 levels"],
        "[[sections.sections",
    ),
    // ---- empty values ----
    refused(
        "an empty title",
        "title = \"  \"\n[[sections]]\ntitle = \"y\"\n",
        (1, 9),
        &["`title` must not be empty"],
        "\"  \"",
    ),
    refused(
        "no section at all",
        "title = \"x\"\nsections = []\n",
        (2, 12),
        &["`sections` must hold at least one section"],
        "[]",
    ),
    refused(
        "an empty section title",
        "title = \"x\"\n[[sections]]\ntitle = \"\"\n[[sections]]\ntitle = \"z\"\n",
        (3, 9),
        &["section `title` must not be empty"],
        "\"\"",
    ),
    refused(
        "a blank subsection title",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n[[sections.sections]]\ntitle = \" \\t \"\n",
        (5, 9),
        &["section `title` must not be empty"],
        "\"",
    ),
    refused(
        "a blank id",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\nid = \" \"\n",
        (4, 6),
        &["section `id` must not be empty"],
        "\" \"",
    ),
    refused(
        "blank link text",
        "title = \"x\"\n[[sections]]\ntitle = \"y\"\n[[sections.links]]\ntext = \"  \"\nurl = \"u\"\n",
        (5, 8),
        &["link `text` must not be empty"],
        "\"  \"",
    ),
];

/// Documents the loader reads, beside the embedded article and the
/// README's example: each is valid for the schema too.
pub const ACCEPTED: &[&str] = &[
    // Eight levels, the most there can be.
    "title = \"deep\"\n[[sections]]\ntitle = \"level 1\"\n[[sections.sections]]\ntitle = \"level 2\"\n[[sections.sections.sections]]\ntitle = \"level 3\"\n[[sections.sections.sections.sections]]\ntitle = \"level 4\"\n[[sections.sections.sections.sections.sections]]\ntitle = \"level 5\"\n[[sections.sections.sections.sections.sections.sections]]\ntitle = \"level 6\"\n[[sections.sections.sections.sections.sections.sections.sections]]\ntitle = \"level 7\"\n[[sections.sections.sections.sections.sections.sections.sections.sections]]\ntitle = \"level 8\"\nsections = []\n",
    "title = \"x\"\n[[sections]]\ntitle = \"y\"\n",
    "title = \"x\"\nmarkup = \"plain\"\n[[sections]]\ntitle = \"y\"\nbody = \"*not* emphasis\"\n",
    "title = \"x\"\nmarkup = \"markdown\"\n[[sections]]\ntitle = \"y\"\nbody = \"- eggs\\n- milk\\n\"\n",
    "#:schema ./camp-reader.schema.json\ntitle = \"x\"\nsubtitle = \"s\"\n[source]\nname = \"n\"\ntitle = \"t\"\nurl = \"u\"\nlicense = \"l\"\nretrieved = \"r\"\n[[sections]]\ntitle = \"y\"\nid = \"i\"\nbody = \"b\"\nlinks = [{ text = \"t\" }, { text = \"t\", url = \"#i\" }]\nsections = [{ title = \"z\", sections = [] }]\n",
];
