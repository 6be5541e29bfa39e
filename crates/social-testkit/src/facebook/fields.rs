//! Field selection and expansion, as in
//! `fields=id,message,from{id,name},comments.summary(true).limit(0),reactions.type(LOVE).limit(0).summary(total_count).as(love)`.
//!
//! The syntax follows <https://developers.facebook.com/docs/graph-api/guides/field-expansion>.

/// One requested field: its name, its `.modifier(value)` calls, its `.as(alias)`, and the
/// text between its braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) name: String,
    /// `.name(value)` modifiers other than `as`, in order (`summary`, `limit`, `type`, …);
    /// a field expansion passes them to the edge as query parameters.
    pub(crate) modifiers: Vec<(String, String)>,
    pub(crate) alias: Option<String>,
    /// The text between the braces (`id,name` for `from{id,name}`), empty without braces;
    /// already checked by [`parse`].
    pub(crate) children: String,
}

impl Field {
    /// A bare field name.
    pub(crate) fn plain(name: &str) -> Field {
        Field {
            name: name.to_owned(),
            modifiers: Vec::new(),
            alias: None,
            children: String::new(),
        }
    }

    /// The key of the field in the answer: its alias, else its name.
    pub(crate) fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }

    /// The fields between the braces (empty without braces).
    pub(crate) fn subfields(&self) -> Vec<Field> {
        parse(&self.children).unwrap_or_default()
    }
}

/// How deep braces may nest (`a{b{c{…}}}`): deeper requests are refused as syntax errors,
/// so a hostile `fields` value cannot exhaust the stack.
const MAX_DEPTH: usize = 8;

/// Parses a `fields` value. `Err(position)` gives the character index of the first syntax
/// error (an unclosed parenthesis or brace, a missing name, stray characters, braces nested
/// deeper than 8).
pub(crate) fn parse(text: &str) -> Result<Vec<Field>, usize> {
    parse_at(text, 0)
}

fn parse_at(text: &str, depth: usize) -> Result<Vec<Field>, usize> {
    if depth > MAX_DEPTH {
        return Err(0);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        skip_spaces(&chars, &mut i);
        match chars.get(i) {
            None => break,
            Some(',') => {
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let name = identifier(&chars, &mut i);
        if name.is_empty() {
            return Err(i);
        }
        let mut field = Field::plain(&name);
        loop {
            match chars.get(i) {
                Some('.') => {
                    i += 1;
                    let modifier = identifier(&chars, &mut i);
                    if modifier.is_empty() || chars.get(i) != Some(&'(') {
                        return Err(i);
                    }
                    let start = i + 1;
                    let end = chars[start..]
                        .iter()
                        .position(|c| *c == ')')
                        .map(|offset| start + offset)
                        .ok_or(i)?;
                    let value: String = chars[start..end].iter().collect();
                    let value = value.trim().to_owned();
                    if modifier == "as" {
                        field.alias = Some(value);
                    } else {
                        field.modifiers.push((modifier, value));
                    }
                    i = end + 1;
                }
                Some('{') => {
                    let start = i + 1;
                    let mut open = 1;
                    let mut end = None;
                    for (offset, c) in chars[start..].iter().enumerate() {
                        match c {
                            '{' => open += 1,
                            '}' => {
                                open -= 1;
                                if open == 0 {
                                    end = Some(start + offset);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    let end = end.ok_or(i)?;
                    let children: String = chars[start..end].iter().collect();
                    parse_at(&children, depth + 1).map_err(|position| start + position)?;
                    field.children = children;
                    i = end + 1;
                }
                _ => break,
            }
        }
        fields.push(field);
        skip_spaces(&chars, &mut i);
        match chars.get(i) {
            None => break,
            Some(',') => i += 1,
            Some(_) => return Err(i),
        }
    }
    Ok(fields)
}

fn skip_spaces(chars: &[char], i: &mut usize) {
    while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
        *i += 1;
    }
}

fn identifier(chars: &[char], i: &mut usize) -> String {
    let start = *i;
    while chars
        .get(*i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
    {
        *i += 1;
    }
    chars[start..*i].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansions_parse_with_modifiers_aliases_and_braces() {
        let fields = parse(
            "id, message,from{id,name},comments.summary(true).limit(0),reactions.type(LOVE).limit(0).summary(total_count).as(love)",
        )
        .unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f.key()).collect();
        assert_eq!(names, ["id", "message", "from", "comments", "love"]);
        assert_eq!(fields[2].children, "id,name");
        assert_eq!(
            fields[2].subfields(),
            [Field::plain("id"), Field::plain("name")]
        );
        assert_eq!(
            fields[3].modifiers,
            [
                ("summary".to_owned(), "true".to_owned()),
                ("limit".to_owned(), "0".to_owned())
            ]
        );
        assert_eq!(fields[4].name, "reactions");
        assert_eq!(
            fields[4].modifiers[0],
            ("type".to_owned(), "LOVE".to_owned())
        );
        let nested = parse("comments.limit(2){message,comments{id}}").unwrap();
        assert_eq!(nested[0].subfields()[1].children, "id");
    }

    #[test]
    fn syntax_errors_give_a_position() {
        assert_eq!(parse("id,from{id"), Err(7));
        assert_eq!(parse("comments.summary(true"), Err(16));
        assert_eq!(parse("id name"), Err(3));
        assert_eq!(parse("a.(x)"), Err(2));
        assert_eq!(parse("from{id,}}"), Err(9));
        assert_eq!(parse(""), Ok(Vec::new()));
        let deep = format!("{}x{}", "a{".repeat(9), "}".repeat(9));
        assert!(parse(&deep).is_err());
        let fine = format!("{}x{}", "a{".repeat(8), "}".repeat(8));
        assert!(parse(&fine).is_ok());
    }
}
