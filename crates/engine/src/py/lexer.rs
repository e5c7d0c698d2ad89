//! The lexer: source text to tokens, with Python's indentation rules
//! (INDENT and DEDENT tokens from a stack of indentation widths), implicit
//! line joining inside brackets, backslash continuations, comments, and
//! strings (single, double, triple-quoted, raw, f-strings). Every token
//! carries its byte span; every error is a sentence with a span.

use super::ast::Span;
use super::SyntaxError;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A name or a keyword (the parser tells them apart).
    Name(String),
    Int(i64),
    Float(f64),
    /// A string literal's value (escapes processed).
    Str(String),
    /// An f-string: its body (between the quotes) as a byte range of the
    /// source, for the parser to split into text and `{expressions}`; and
    /// whether it is raw.
    FStr { body: Span, raw: bool },
    /// An operator or a delimiter.
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

const OPS: [&str; 47] = [
    "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", ":=", "@=", "+", "-", "*", "/", "%", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";",
    "@", "&", "|", "^", "~",
];

struct Lexer<'s> {
    src: &'s str,
    b: &'s [u8],
    pos: usize,
    out: Vec<Token>,
    indents: Vec<usize>,
    /// Open brackets and where they opened.
    brackets: Vec<(u8, usize)>,
    unclosed: Option<SyntaxError>,
}

fn err<T>(message: impl Into<String>, start: usize, end: usize) -> Result<T, SyntaxError> {
    Err(SyntaxError { message: message.into(), span: Span::new(start, end.max(start)) })
}

/// The tokens of a source text.
pub struct Tokens {
    pub tokens: Vec<Token>,
    /// A bracket left open at the end of the text: the error to report when
    /// the parser reaches the end without finding one of its own first.
    pub unclosed: Option<SyntaxError>,
}

/// Splits `src` into tokens, ending with `Newline`, the `Dedent`s that
/// close every open block, and `Eof`.
pub fn tokenize(src: &str) -> Result<Tokens, SyntaxError> {
    let mut lx =
        Lexer { src, b: src.as_bytes(), pos: 0, out: Vec::new(), indents: vec![0], brackets: Vec::new(), unclosed: None };
    lx.run()?;
    Ok(Tokens { tokens: lx.out, unclosed: lx.unclosed })
}

impl<'s> Lexer<'s> {
    fn push(&mut self, tok: Tok, start: usize, end: usize) {
        self.out.push(Token { tok, span: Span::new(start, end) });
    }

    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.pos + k).copied().unwrap_or(0)
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        let mut at_line_start = true;
        while self.pos < self.b.len() {
            if at_line_start && self.brackets.is_empty() {
                at_line_start = false;
                if self.indentation()? {
                    // A blank or comment-only line: no tokens at all.
                    while self.pos < self.b.len() && self.b[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                    self.pos += 1;
                    at_line_start = true;
                    continue;
                }
            }
            let c = self.b[self.pos];
            match c {
                b' ' | b'\t' | b'\x0c' => self.pos += 1,
                b'\r' if self.peek(1) == b'\n' => self.pos += 1,
                b'\n' | b'\r' => {
                    if self.brackets.is_empty() {
                        if !matches!(self.out.last().map(|t| &t.tok), Some(Tok::Newline) | None) {
                            self.push(Tok::Newline, self.pos, self.pos + 1);
                        }
                        at_line_start = true;
                    }
                    self.pos += 1;
                }
                b'#' => {
                    while self.pos < self.b.len() && self.b[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'\\' => {
                    let next = self.peek(1);
                    if next == b'\n' {
                        self.pos += 2;
                    } else if next == b'\r' && self.peek(2) == b'\n' {
                        self.pos += 3;
                    } else {
                        return err("unexpected character after line continuation character", self.pos, self.pos + 1);
                    }
                }
                b'0'..=b'9' => self.number()?,
                b'.' if self.peek(1).is_ascii_digit() => self.number()?,
                b'"' | b'\'' => self.string(self.pos, false, false)?,
                _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => self.name_or_string()?,
                _ => self.op()?,
            }
        }
        let end = self.b.len();
        if let Some(&(open, at)) = self.brackets.last() {
            // Reported only if the parser finds nothing wrong before the end
            // (as CPython does): see `Tokens::unclosed`.
            self.unclosed = Some(SyntaxError {
                message: format!("'{}' was never closed", open as char),
                span: Span::new(at, at + 1),
            });
        }
        if !matches!(self.out.last().map(|t| &t.tok), Some(Tok::Newline) | None) {
            self.push(Tok::Newline, end, end);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Tok::Dedent, end, end);
        }
        self.push(Tok::Eof, end, end);
        Ok(())
    }

    /// At the start of a line: measures its indentation and emits INDENT or
    /// DEDENTs. Returns true for a blank or comment-only line.
    fn indentation(&mut self) -> Result<bool, SyntaxError> {
        let start = self.pos;
        let mut width = 0;
        while self.pos < self.b.len() {
            match self.b[self.pos] {
                b' ' => width += 1,
                // As Python counts it: to the next multiple of 8.
                b'\t' => width = (width / 8 + 1) * 8,
                b'\x0c' => width = 0,
                _ => break,
            }
            self.pos += 1;
        }
        match self.b.get(self.pos) {
            None | Some(b'\n') | Some(b'#') => return Ok(true),
            Some(b'\r') => return Ok(true),
            _ => {}
        }
        let current = *self.indents.last().unwrap_or(&0);
        if width > current {
            if self.out.is_empty() {
                return err("unexpected indentation", start, self.pos);
            }
            self.indents.push(width);
            self.push(Tok::Indent, start, self.pos);
        } else if width < current {
            while *self.indents.last().unwrap_or(&0) > width {
                self.indents.pop();
                self.push(Tok::Dedent, self.pos, self.pos);
            }
            if *self.indents.last().unwrap_or(&0) != width {
                return err("unindent does not match any outer indentation level", start, self.pos);
            }
        }
        Ok(false)
    }

    fn number(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        let b = self.b;
        if b[self.pos] == b'0' && matches!(self.peek(1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
            let radix = match self.peek(1) {
                b'x' | b'X' => 16,
                b'o' | b'O' => 8,
                _ => 2,
            };
            self.pos += 2;
            while self.pos < b.len() && (b[self.pos].is_ascii_alphanumeric() || b[self.pos] == b'_') {
                self.pos += 1;
            }
            let digits: String = self.src[start + 2..self.pos].chars().filter(|&c| c != '_').collect();
            return match i64::from_str_radix(&digits, radix) {
                Ok(v) => {
                    self.push(Tok::Int(v), start, self.pos);
                    Ok(())
                }
                Err(_) => err(format!("invalid number `{}`", &self.src[start..self.pos]), start, self.pos),
            };
        }
        let mut float = false;
        while self.pos < b.len() {
            let c = b[self.pos];
            if c.is_ascii_digit() || c == b'_' {
                self.pos += 1;
            } else if c == b'.' && !float {
                float = true;
                self.pos += 1;
            } else if (c == b'e' || c == b'E')
                && (self.peek(1).is_ascii_digit() || (matches!(self.peek(1), b'+' | b'-') && self.peek(2).is_ascii_digit()))
            {
                float = true;
                self.pos += 2;
            } else {
                break;
            }
        }
        if self.pos < b.len() && (b[self.pos].is_ascii_alphabetic() || b[self.pos] == b'_') {
            let mut end = self.pos;
            while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                end += 1;
            }
            return err(format!("invalid number `{}`", &self.src[start..end]), start, end);
        }
        let text: String = self.src[start..self.pos].chars().filter(|&c| c != '_').collect();
        if float {
            match text.parse::<f64>() {
                Ok(v) => self.push(Tok::Float(v), start, self.pos),
                Err(_) => return err(format!("invalid number `{}`", &self.src[start..self.pos]), start, self.pos),
            }
        } else {
            if text.len() > 1 && text.starts_with('0') && text.bytes().any(|c| c != b'0') {
                return err("leading zeros in a number are not allowed (write 0o for octal)", start, self.pos);
            }
            match text.parse::<i64>() {
                Ok(v) => self.push(Tok::Int(v), start, self.pos),
                Err(_) => {
                    return err(
                        format!("{} is too large for the playground (at most {})", &self.src[start..self.pos], i64::MAX),
                        start,
                        self.pos,
                    )
                }
            }
        }
        Ok(())
    }

    fn name_or_string(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        let rest = &self.src[self.pos..];
        let mut end = self.pos;
        for (i, ch) in rest.char_indices() {
            let ok = if i == 0 { ch.is_alphabetic() || ch == '_' } else { ch.is_alphanumeric() || ch == '_' };
            if !ok {
                break;
            }
            end = self.pos + i + ch.len_utf8();
        }
        if end == start {
            let ch = rest.chars().next().unwrap_or('?');
            return err(format!("unexpected character `{ch}`"), start, start + ch.len_utf8());
        }
        let word = &self.src[start..end];
        if matches!(self.b.get(end), Some(b'"') | Some(b'\'')) && word.len() <= 2 {
            let lower = word.to_ascii_lowercase();
            if lower.contains('b') && lower.chars().all(|c| "br".contains(c)) {
                return err("bytes literals are not available here; use a string", start, end);
            }
            if lower.chars().all(|c| "rfu".contains(c)) && !(lower.contains('u') && lower.len() > 1) {
                self.pos = end;
                return self.string(start, lower.contains('r'), lower.contains('f'));
            }
        }
        self.pos = end;
        self.push(Tok::Name(word.to_string()), start, end);
        Ok(())
    }

    /// A string literal whose quote is at `self.pos` (its prefix began at `start`).
    fn string(&mut self, start: usize, raw: bool, fstring: bool) -> Result<(), SyntaxError> {
        let q = self.b[self.pos];
        let triple = self.peek(1) == q && self.peek(2) == q;
        let open = if triple { 3 } else { 1 };
        self.pos += open;
        let body_start = self.pos;
        let mut value = String::new();
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return err("missing closing quote in string literal", start, self.b.len());
            };
            if c == q && (!triple || (self.peek(1) == q && self.peek(2) == q)) {
                let body_end = self.pos;
                self.pos += open;
                let tok = if fstring { Tok::FStr { body: Span::new(body_start, body_end), raw } } else { Tok::Str(value) };
                self.push(tok, start, self.pos);
                return Ok(());
            }
            if (c == b'\n' || c == b'\r') && !triple {
                return err("missing closing quote in string literal", start, self.pos);
            }
            if c == b'\\' && !raw {
                let (ch, len) = escape(&self.src[self.pos..]).map_err(|m| SyntaxError {
                    message: m,
                    span: Span::new(self.pos, self.pos + 2),
                })?;
                if let Some(ch) = ch {
                    value.push(ch);
                }
                self.pos += len;
                continue;
            }
            if c == b'\\' && raw && self.pos + 1 < self.b.len() {
                // A raw string keeps the backslash, and the quote after it.
                value.push('\\');
                self.pos += 1;
                let ch = self.src[self.pos..].chars().next().unwrap_or('\\');
                value.push(ch);
                self.pos += ch.len_utf8();
                continue;
            }
            let ch = self.src[self.pos..].chars().next().unwrap_or('?');
            value.push(ch);
            self.pos += ch.len_utf8();
        }
    }

    fn op(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        let rest = &self.src[self.pos..];
        let Some(op) = OPS.iter().find(|o| rest.starts_with(**o)) else {
            let ch = rest.chars().next().unwrap_or('?');
            let what = match ch {
                '$' | '?' | '`' => format!("`{ch}` is not Python"),
                '!' => "`!` is not Python: write `not`".to_string(),
                _ => format!("unexpected character `{ch}`"),
            };
            return err(what, start, start + ch.len_utf8());
        };
        match *op {
            "(" | "[" | "{" => self.brackets.push((op.as_bytes()[0], start)),
            ")" | "]" | "}" => {
                let want = match *op {
                    ")" => b'(',
                    "]" => b'[',
                    _ => b'{',
                };
                match self.brackets.pop() {
                    Some((open, _)) if open == want => {}
                    Some((open, _)) => {
                        return err(
                            format!("closing parenthesis '{op}' does not match opening parenthesis '{}'", open as char),
                            start,
                            start + 1,
                        )
                    }
                    None => return err(format!("unmatched '{op}'"), start, start + 1),
                }
            }
            _ => {}
        }
        self.pos += op.len();
        self.push(Tok::Op(op), start, self.pos);
        Ok(())
    }
}

/// One escape sequence at the start of `s` (which begins with `\`): the
/// character it stands for (none for a line continuation) and its length.
pub fn escape(s: &str) -> Result<(Option<char>, usize), String> {
    let mut it = s.chars();
    it.next();
    let Some(c) = it.next() else { return Ok((Some('\\'), 1)) };
    let simple = match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '0' => Some('\0'),
        '\\' => Some('\\'),
        '\'' => Some('\''),
        '"' => Some('"'),
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0c'),
        'v' => Some('\x0b'),
        '\n' => return Ok((None, 2)),
        _ => None,
    };
    if let Some(ch) = simple {
        return Ok((Some(ch), 2));
    }
    let hex = |n: usize| -> Result<(Option<char>, usize), String> {
        let digits = s.get(2..2 + n).ok_or("an escape sequence is cut short")?;
        let v = u32::from_str_radix(digits, 16).map_err(|_| format!("`\\{c}{digits}` is not a valid escape"))?;
        let ch = char::from_u32(v).ok_or(format!("`\\{c}{digits}` is not a character"))?;
        Ok((Some(ch), 2 + n))
    };
    match c {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        // Python keeps an unknown escape as it is (with a warning).
        _ => Ok((Some('\\'), 1)),
    }
}
