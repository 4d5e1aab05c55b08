//! A `WHERE` clause built from the filters a reader chose (the audit log, the enforcement log,
//! resident lookup), with its values bound in order: only column names from our own code go
//! into the SQL text, every value a client sent is a bind.

use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;

#[derive(Debug)]
enum Value {
    Text(String),
    Int(i64),
}

#[derive(Debug, Default)]
pub struct Where {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Where {
    /// The next placeholder, `$n`.
    fn next(&self) -> String {
        format!("${}", self.values.len() + 1)
    }

    /// `clause` with `{}` standing for the one value.
    pub fn text(&mut self, clause: &str, value: impl Into<String>) -> &mut Self {
        self.clauses.push(clause.replace("{}", &self.next()));
        self.values.push(Value::Text(value.into()));
        self
    }

    pub fn int(&mut self, clause: &str, value: i64) -> &mut Self {
        self.clauses.push(clause.replace("{}", &self.next()));
        self.values.push(Value::Int(value));
        self
    }

    /// A clause with no value of its own (or one that already combines others).
    pub fn raw(&mut self, clause: String) -> &mut Self {
        self.clauses.push(clause);
        self
    }

    /// Several alternatives, any of which matches: `(a OR b ...)`, each `{}` its own value.
    pub fn any_text(&mut self, alternatives: &[(&str, String)]) -> &mut Self {
        let mut parts = Vec::new();
        for (clause, value) in alternatives {
            parts.push(clause.replace("{}", &self.next()));
            self.values.push(Value::Text(value.clone()));
        }
        if !parts.is_empty() {
            self.clauses.push(format!("({})", parts.join(" OR ")));
        }
        self
    }

    /// ` WHERE a AND b ... ORDER BY order LIMIT $n OFFSET $n+1`.
    pub fn page_sql(&self, order: &str) -> String {
        let n = self.values.len();
        format!(
            " WHERE {} ORDER BY {order} LIMIT ${} OFFSET ${}",
            self.clauses.join(" AND "),
            n + 1,
            n + 2
        )
    }

    /// Binds the values, then the page's size and start.
    pub fn bind_page<'q, O>(
        self,
        mut query: QueryAs<'q, Any, O, AnyArguments<'q>>,
        limit: usize,
        offset: usize,
    ) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
        for value in self.values {
            query = match value {
                Value::Text(text) => query.bind(text),
                Value::Int(int) => query.bind(int),
            };
        }
        query.bind(super::count(limit)).bind(super::count(offset))
    }
}

/// `text` for `LIKE '%…%' ESCAPE '\'`: its own `%`, `_` and `\` match only themselves.
pub fn like_contains(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    escaped.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_values_and_the_page_comes_last() {
        let mut filter = Where::default();
        filter.text("council = {}", "hampshire").int("at >= {}", 5);
        filter.any_text(&[("a = {}", "x".into()), ("b = {}", "y".into())]);
        assert_eq!(
            filter.page_sql("seq DESC"),
            " WHERE council = $1 AND at >= $2 AND (a = $3 OR b = $4) ORDER BY seq DESC LIMIT $5 OFFSET $6"
        );
    }

    #[test]
    fn like_wildcards_in_a_search_match_only_themselves() {
        assert_eq!(like_contains("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
