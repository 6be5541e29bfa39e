//! Shared mutable state of a fake.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};

/// State shared between a fake's handlers and the test: an `Arc<Mutex<T>>` that survives a
/// handler's panic (a poisoned lock is recovered, not propagated).
///
/// Do not hold the guard across an `.await` that waits for the fake to answer: the handler
/// needs the same lock.
///
/// ```
/// use social_testkit::Shared;
///
/// let counter = Shared::new(0_u32);
/// let handle = counter.clone();
/// *handle.lock() += 1;
/// assert_eq!(counter.with(|n| *n), 1);
/// ```
pub struct Shared<T>(Arc<Mutex<T>>);

impl<T> Shared<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Shared(Arc::new(Mutex::new(value)))
    }

    /// Locks the state; blocks while a handler holds it.
    pub fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the locked state and returns its result.
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.lock())
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T: Default> Default for Shared<T> {
    fn default() -> Self {
        Shared::new(T::default())
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.try_lock() {
            Ok(state) => f.debug_tuple("Shared").field(&*state).finish(),
            Err(TryLockError::Poisoned(poisoned)) => f
                .debug_tuple("Shared")
                .field(&*poisoned.into_inner())
                .finish(),
            Err(TryLockError::WouldBlock) => f.write_str("Shared(<locked>)"),
        }
    }
}
