//! Errors a test asks a fake to answer instead of its normal answer: one list per fake, kept
//! the same way by every fake.

use serde_json::Value;

use crate::PathPattern;

/// One error to answer for the next `remaining` calls of `method` on `path`.
#[derive(Debug, Clone)]
struct Injected {
    method: String,
    path: PathPattern,
    status: u16,
    body: Value,
    remaining: u64,
}

/// The errors waiting to be answered, in the order they were injected.
#[derive(Debug, Clone, Default)]
pub(crate) struct Injections(Vec<Injected>);

impl Injections {
    /// Answers `status` with `body` for the next `times` calls of `method` (any case) on
    /// `path`; `times` = 0 injects nothing.
    pub(crate) fn push(
        &mut self,
        method: &str,
        path: PathPattern,
        status: u16,
        body: Value,
        times: u64,
    ) {
        if times == 0 {
            return;
        }
        self.0.push(Injected {
            method: method.to_ascii_uppercase(),
            path,
            status,
            body,
            remaining: times,
        });
    }

    /// The first error injected for `method` on `path`, consumed: its status and body.
    pub(crate) fn take(&mut self, method: &str, path: &str) -> Option<(u16, Value)> {
        let index = self
            .0
            .iter()
            .position(|i| i.method == method && i.path.matches(path))?;
        let injected = &mut self.0[index];
        injected.remaining = injected.remaining.saturating_sub(1);
        let answer = (injected.status, injected.body.clone());
        if injected.remaining == 0 {
            self.0.remove(index);
        }
        Some(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_injection_answers_its_count_then_is_gone() {
        let mut list = Injections::default();
        list.push("get", PathPattern::from("/a"), 503, Value::Null, 2);
        list.push("GET", PathPattern::from("/b"), 400, Value::Null, 0);
        assert_eq!(list.take("POST", "/a"), None);
        assert_eq!(list.take("GET", "/a").map(|a| a.0), Some(503));
        assert_eq!(list.take("GET", "/a").map(|a| a.0), Some(503));
        assert_eq!(list.take("GET", "/a"), None);
        assert_eq!(list.take("GET", "/b"), None, "times = 0 injects nothing");
    }
}
