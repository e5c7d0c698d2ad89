//! Python's format mini-language, as CPython writes it: `format(v, spec)`,
//! f-strings' `{v:spec}` and `str.format`, and printf-style `"%5.2f" % x`.
//!
//! Pure functions of numbers and text: the interpreter turns a value into
//! one of those (its `str()` or `repr()` for text) and words the errors
//! with the value's type ([`Error`]).

/// What went wrong, for the interpreter to say as CPython does.
#[derive(Debug, PartialEq)]
pub enum Error {
    /// `ValueError: Unknown format code 'd' for object of type 'float'`.
    UnknownCode(char),
    /// A `ValueError` with this text.
    Value(String),
}

type R<T> = Result<T, Error>;

/// `[[fill]align][sign][#][0][width][grouping][.precision][type]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub alt: bool,
    pub zero: bool,
    pub width: usize,
    pub group: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

/// Widths and precisions beyond this are refused (a program cannot make a
/// string of a billion spaces).
const MAX_WIDTH: usize = 10_000;

impl Spec {
    pub fn parse(spec: &str) -> R<Spec> {
        let c: Vec<char> = spec.chars().collect();
        let mut s = Spec::default();
        let mut i = 0;
        let is_align = |x: Option<&char>| matches!(x, Some('<' | '>' | '^' | '='));
        if c.len() >= 2 && is_align(c.get(1)) {
            s.fill = Some(c[0]);
            s.align = Some(c[1]);
            i = 2;
        } else if is_align(c.first()) {
            s.align = Some(c[0]);
            i = 1;
        }
        if let Some(&x @ ('+' | '-' | ' ')) = c.get(i) {
            s.sign = Some(x);
            i += 1;
        }
        if c.get(i) == Some(&'#') {
            s.alt = true;
            i += 1;
        }
        if c.get(i) == Some(&'0') {
            s.zero = true;
            i += 1;
        }
        let number = |i: &mut usize| {
            let mut n = 0usize;
            let start = *i;
            while let Some(d) = c.get(*i).and_then(|x| x.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(d as usize);
                *i += 1;
            }
            (*i > start).then_some(n)
        };
        s.width = number(&mut i).unwrap_or(0);
        if let Some(&g @ (',' | '_')) = c.get(i) {
            s.group = Some(g);
            i += 1;
        }
        if c.get(i) == Some(&'.') {
            i += 1;
            match number(&mut i) {
                Some(p) => s.precision = Some(p),
                None => return Err(Error::Value("Format specifier missing precision".into())),
            }
        }
        s.ty = c.get(i).copied();
        if i + s.ty.is_some() as usize != c.len() {
            return Err(Error::Value("Invalid format specifier".into()));
        }
        if s.width > MAX_WIDTH || s.precision.is_some_and(|p| p > MAX_WIDTH) {
            return Err(Error::Value(format!("a width or precision over {MAX_WIDTH} is not available here")));
        }
        Ok(s)
    }
}

/// An int by `spec` (a float type formats it as a float).
pub fn int(n: i64, spec: &Spec) -> R<String> {
    let ty = spec.ty;
    if matches!(ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
        return float(n as f64, spec);
    }
    if spec.precision.is_some() {
        return Err(Error::Value("Precision not allowed in integer format specifier".into()));
    }
    let (digits, prefix) = match ty {
        None | Some('d' | 'n') => (n.unsigned_abs().to_string(), ""),
        Some('b') => (format!("{:b}", n.unsigned_abs()), "0b"),
        Some('o') => (format!("{:o}", n.unsigned_abs()), "0o"),
        Some('x') => (format!("{:x}", n.unsigned_abs()), "0x"),
        Some('X') => (format!("{:X}", n.unsigned_abs()), "0X"),
        Some('c') => {
            let ch = u32::try_from(n).ok().and_then(char::from_u32).ok_or_else(|| Error::Value("%c arg not in range(0x110000)".into()))?;
            if spec.sign.is_some() {
                return Err(Error::Value("Sign not allowed with integer format specifier 'c'".into()));
            }
            return Ok(pad(String::new(), ch.to_string(), spec, true));
        }
        Some(t) => return Err(Error::UnknownCode(t)),
    };
    let digits = match (spec.group, ty) {
        (None, _) => digits,
        (Some(','), None | Some('d')) => group(&digits, ',', 3),
        (Some('_'), None | Some('d')) => group(&digits, '_', 3),
        (Some('_'), Some('b' | 'o' | 'x' | 'X')) => group(&digits, '_', 4),
        (Some(g), Some(t)) => return Err(Error::Value(format!("Cannot specify '{g}' with '{t}'."))),
        (Some(_), None) => unreachable!("matched above"),
    };
    let prefix = if spec.alt { prefix } else { "" };
    Ok(pad(format!("{}{prefix}", sign_of(n < 0, spec.sign)), digits, spec, true))
}

/// A float by `spec`.
pub fn float(f: f64, spec: &Spec) -> R<String> {
    let upper = matches!(spec.ty, Some('E' | 'F' | 'G'));
    let negative = f.is_sign_negative() && !f.is_nan();
    let a = f.abs();
    let mut body = if !a.is_finite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        let s = if upper { s.to_uppercase() } else { s.to_string() };
        if spec.ty == Some('%') { format!("{s}%") } else { s }
    } else {
        match spec.ty {
            Some('f' | 'F') => fixed(a, spec.precision.unwrap_or(6), spec.alt),
            Some('%') => format!("{}%", fixed(a * 100.0, spec.precision.unwrap_or(6), spec.alt)),
            Some('e' | 'E') => sci(a, spec.precision.unwrap_or(6), spec.alt),
            Some('g' | 'G' | 'n') => general(a, spec.precision.unwrap_or(6), spec.alt, false),
            None => match spec.precision {
                Some(p) => general(a, p, spec.alt, true),
                None => super::vm::float_repr(a),
            },
            Some(t) => return Err(Error::UnknownCode(t)),
        }
    };
    if upper {
        body = body.to_uppercase();
    }
    if let Some(g) = spec.group {
        if spec.ty == Some('n') {
            return Err(Error::Value(format!("Cannot specify '{g}' with 'n'.")));
        }
        // The digits before the point (or the exponent) are grouped.
        let end = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len());
        body = format!("{}{}", group(&body[..end], g, 3), &body[end..]);
    }
    Ok(pad(sign_of(negative, spec.sign).to_string(), body, spec, true))
}

/// Text by `spec` (`s` or no type).
pub fn text(s: &str, spec: &Spec) -> R<String> {
    match spec.ty {
        None | Some('s') => {}
        Some(t) => return Err(Error::UnknownCode(t)),
    }
    if spec.sign.is_some() {
        return Err(Error::Value("Sign not allowed in string format specifier".into()));
    }
    if spec.alt {
        return Err(Error::Value("Alternate form (#) not allowed in string format specifier".into()));
    }
    if spec.group.is_some() {
        return Err(Error::Value("Cannot specify ',' with 's'.".into()));
    }
    if spec.align == Some('=') {
        return Err(Error::Value("'=' alignment not allowed in string format specifier".into()));
    }
    let body: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(pad(String::new(), body, spec, false))
}

fn sign_of(negative: bool, sign: Option<char>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// `lead` (sign and prefix) and `body` padded to the width: numbers to the
/// right, text to the left; `=` (and the `0` flag) pads between the two.
fn pad(lead: String, body: String, spec: &Spec, numeric: bool) -> String {
    let n = lead.chars().count() + body.chars().count();
    let (fill, align) = match (spec.fill, spec.align, spec.zero) {
        (f, Some(a), _) => (f.unwrap_or(if spec.zero { '0' } else { ' ' }), a),
        (_, None, true) => ('0', if numeric { '=' } else { '<' }),
        (_, None, false) => (' ', if numeric { '>' } else { '<' }),
    };
    if n >= spec.width {
        return format!("{lead}{body}");
    }
    let k = spec.width - n;
    let fills = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{lead}{body}{}", fills(k)),
        '^' => format!("{}{lead}{body}{}", fills(k / 2), fills(k - k / 2)),
        '=' => format!("{lead}{}{body}", fills(k)),
        _ => format!("{}{lead}{body}", fills(k)),
    }
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / every);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % every == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `a` (finite, not negative) with `p` digits after the point, correctly
/// rounded (Rust's formatting rounds the exact binary value, as CPython).
fn fixed(a: f64, p: usize, alt: bool) -> String {
    let s = format!("{a:.p$}");
    if alt && p == 0 { format!("{s}.") } else { s }
}

/// `a` as `d.ddde+XX`.
fn sci(a: f64, p: usize, alt: bool) -> String {
    let s = format!("{a:.p$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let m = if alt && p == 0 { format!("{m}.") } else { m.to_string() };
    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// The `g` type: `p` significant digits, fixed or scientific by the
/// exponent, trailing zeros dropped (unless `alt`). `none_type`: the
/// format with a precision and no type, which keeps a digit after the
/// point and goes scientific one exponent sooner.
fn general(a: f64, p: usize, alt: bool, none_type: bool) -> String {
    let p = p.max(1);
    // The exponent once rounded to p digits (9.99 to 2 digits is 1.0e1).
    let probe = format!("{a:.prec$e}", prec = p - 1);
    let exp: i32 = probe.split_once('e').and_then(|(_, e)| e.parse().ok()).unwrap_or(0);
    let sci_from = if none_type { p as i32 - 1 } else { p as i32 };
    let s = if a == 0.0 || (-4 <= exp && exp < sci_from) {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = fixed(a, decimals, false);
        let s = if alt { s } else { strip(&s) };
        if none_type && !s.contains('.') { format!("{s}.0") } else if alt && !s.contains('.') { format!("{s}.") } else { s }
    } else {
        let s = sci(a, p - 1, false);
        let (m, e) = s.split_once('e').unwrap_or((&s, ""));
        let m = if alt { m.to_string() } else { strip(m) };
        format!("{m}e{e}")
    };
    s
}

fn strip(s: &str) -> String {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s.to_string() }
}

/// One directive of printf-style formatting: `%[(key)][flags][width][.precision]type`.
#[derive(Debug, PartialEq)]
pub enum Piece<'s> {
    Text(&'s str),
    Field { key: Option<&'s str>, spec: Spec, width_star: bool, precision_star: bool, ty: char },
}

/// Splits a `%` format into text and directives.
pub fn percent_pieces(s: &str) -> R<Vec<Piece<'_>>> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut text = 0;
    while i < b.len() {
        if b[i] != b'%' {
            i += 1;
            continue;
        }
        if text < i {
            out.push(Piece::Text(&s[text..i]));
        }
        let start = i;
        i += 1;
        let mut key = None;
        if b.get(i) == Some(&b'(') {
            let close = s[i..].find(')').ok_or_else(|| Error::Value("incomplete format key".into()))? + i;
            key = Some(&s[i + 1..close]);
            i = close + 1;
        }
        let mut spec = Spec::default();
        while let Some(&f) = b.get(i) {
            match f {
                b'-' => spec.align = Some('<'),
                b'+' => spec.sign = Some('+'),
                b' ' => {
                    if spec.sign.is_none() {
                        spec.sign = Some(' ')
                    }
                }
                b'#' => spec.alt = true,
                b'0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        let number = |i: &mut usize| {
            let mut n = 0usize;
            while let Some(d) = b.get(*i).filter(|d| d.is_ascii_digit()) {
                n = n.saturating_mul(10).saturating_add((d - b'0') as usize);
                *i += 1;
            }
            n
        };
        let mut width_star = false;
        if b.get(i) == Some(&b'*') {
            width_star = true;
            i += 1;
        } else {
            spec.width = number(&mut i);
        }
        let mut precision_star = false;
        if b.get(i) == Some(&b'.') {
            i += 1;
            if b.get(i) == Some(&b'*') {
                precision_star = true;
                i += 1;
            } else {
                spec.precision = Some(number(&mut i));
            }
        }
        while matches!(b.get(i), Some(b'h' | b'l' | b'L')) {
            i += 1;
        }
        let Some(ty) = s[i..].chars().next() else {
            return Err(Error::Value("incomplete format".into()));
        };
        if !"diouxXeEfFgGcrsa%".contains(ty) {
            return Err(Error::Value(format!("unsupported format character '{ty}' ({:#x}) at index {}", ty as u32, s[..i].chars().count())));
        }
        if spec.width > MAX_WIDTH || spec.precision.is_some_and(|p| p > MAX_WIDTH) {
            return Err(Error::Value(format!("a width or precision over {MAX_WIDTH} is not available here")));
        }
        i += ty.len_utf8();
        text = i;
        if ty == '%' && key.is_none() && i - start == 2 {
            out.push(Piece::Text("%"));
            continue;
        }
        out.push(Piece::Field { key, spec, width_star, precision_star, ty });
    }
    if text < b.len() {
        out.push(Piece::Text(&s[text..]));
    }
    Ok(out)
}

/// A printf-style number: `%d` (and `i`, `u`) with a precision pads its
/// digits with zeros; `%x`, `%o` with `#` add their prefix; the float
/// types as `format` has them.
pub fn percent_number(n: Option<i64>, f: f64, ty: char, spec: &Spec) -> R<String> {
    let mut spec = spec.clone();
    if spec.align == Some('<') {
        spec.zero = false;
    }
    match (ty, n) {
        ('d' | 'i' | 'u' | 'o' | 'x' | 'X', Some(n)) => {
            let a = n.unsigned_abs();
            let (digits, prefix) = match ty {
                'o' => (format!("{a:o}"), "0o"),
                'x' => (format!("{a:x}"), "0x"),
                'X' => (format!("{a:X}"), "0X"),
                _ => (a.to_string(), ""),
            };
            // A precision is the least number of digits.
            let digits = format!("{}{digits}", "0".repeat(spec.precision.unwrap_or(0).saturating_sub(digits.len())));
            let prefix = if spec.alt { prefix } else { "" };
            Ok(pad(format!("{}{prefix}", sign_of(n < 0, spec.sign)), digits, &spec, true))
        }
        _ => {
            spec.ty = Some(ty);
            float(f, &spec)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: f64, s: &str) -> String {
        float(v, &Spec::parse(s).unwrap()).unwrap()
    }
    fn i(v: i64, s: &str) -> String {
        int(v, &Spec::parse(s).unwrap()).unwrap()
    }

    /// Each against what CPython 3 prints.
    #[test]
    fn as_cpython_formats() {
        assert_eq!(f(1234567.891, ",.2f"), "1,234,567.89");
        assert_eq!(f(0.256, ".1%"), "25.6%");
        assert_eq!(f(42.0, "08.3f"), "0042.000");
        assert_eq!(f(3.5, "e"), "3.500000e+00");
        assert_eq!(f(1e20, "g"), "1e+20");
        assert_eq!(f(2.0 / 3.0, ".3"), "0.667");
        assert_eq!(f(12.0, ".3"), "12.0");
        assert_eq!(f(123.0, ".3"), "1.23e+02");
        assert_eq!(f(0.0001, ".3"), "0.0001");
        assert_eq!(f(1e16, ""), "1e+16");
        assert_eq!(f(-0.0, ".1f"), "-0.0");
        assert_eq!(f(1e-5, "g"), "1e-05");
        assert_eq!(f(100000.0, "g"), "100000");
        assert_eq!(f(1000000.0, "g"), "1e+06");
        assert_eq!(f(f64::INFINITY, "+.2f"), "+inf");
        assert_eq!(f(0.5, "%"), "50.000000%");
        assert_eq!(f(2.5, ".0f"), "2");
        assert_eq!(f(1.0, "#.3g"), "1.00");
        assert_eq!(f(1234.5, ","), "1,234.5");
        assert_eq!(f(9.99, ".2g"), "10");
        assert_eq!(i(10, "e"), "1.000000e+01");
        assert_eq!(i(-5, " d"), "-5");
        assert_eq!(i(5, "=+5"), "+   5");
        assert_eq!(i(-3, "05d"), "-0003");
        assert_eq!(i(5, "#b"), "0b101");
        assert_eq!(i(255, "#010x"), "0x000000ff");
        assert_eq!(i(1234567, "_x"), "12_d687");
        assert_eq!(i(65, "c"), "A");
        assert_eq!(i(1_000_000, "_"), "1_000_000");
        assert_eq!(text("ab", &Spec::parse("05").unwrap()).unwrap(), "ab000");
        assert_eq!(text("ab", &Spec::parse("*<5").unwrap()).unwrap(), "ab***");
        assert_eq!(text("hi", &Spec::parse("^6").unwrap()).unwrap(), "  hi  ");
        assert_eq!(int(3, &Spec::parse(".2d").unwrap()), Err(Error::Value("Precision not allowed in integer format specifier".into())));
        assert_eq!(text("s", &Spec::parse("d").unwrap()), Err(Error::UnknownCode('d')));
        assert_eq!(int(3, &Spec::parse(",x").unwrap()), Err(Error::Value("Cannot specify ',' with 'x'.".into())));
    }

    /// Every spec and `%` format of up to four characters from the
    /// mini-language's alphabet: an answer or an error, never a panic.
    #[test]
    fn no_spec_panics() {
        let alphabet: Vec<char> = "<>^=+- #0_,.9%sdxXbocneEfFgGq(a)*é{}".chars().collect();
        let mut spec = String::new();
        fn each(alphabet: &[char], spec: &mut String, depth: usize) {
            if let Ok(s) = Spec::parse(spec) {
                for v in [0, -7, i64::MIN, i64::MAX, 1_234_567] {
                    let _ = int(v, &s);
                }
                for v in [0.0, -0.0, 2.675, -1e300, 1e-300, f64::NAN, f64::INFINITY] {
                    let _ = float(v, &s);
                }
                let _ = text("héllo", &s);
            }
            if let Ok(pieces) = percent_pieces(spec) {
                for p in pieces {
                    if let Piece::Field { spec: s, ty, .. } = p {
                        let _ = percent_number(Some(-5), -5.5, ty, &s);
                        let _ = percent_number(None, 1e300, ty, &s);
                    }
                }
            }
            if depth == 4 {
                return;
            }
            for &c in alphabet {
                spec.push(c);
                each(alphabet, spec, depth + 1);
                spec.pop();
            }
        }
        each(&alphabet, &mut spec, 0);
    }
}
